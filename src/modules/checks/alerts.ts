import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { QUEUES, type JobQueue } from '../../jobs/queue.ts';
import { httpRequest } from './kinds/http-request.ts';
import * as repo from './checks.repo.ts';
import type { Transition } from './record-run.ts';
import { TargetRefused, type TargetGuard } from './target-guard.ts';

/**
 * Monitor transitions (down, and up again after down) posted to the deployment's webhooks.
 * One job per webhook and event, retried with backoff by the queue; each POST is signed:
 *   X-Golive-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>
 * so a receiver can verify it and refuse replays (docs/checks.md).
 */
export interface AlertEvent {
  event: 'monitor.down' | 'monitor.up' | 'monitor.test';
  deployment: { id: string; name: string };
  check: { id: string; name: string; kind: string; itemKey: string | null };
  state: string;
  previousState: string | null;
  at: string;
  message: string;
}

export interface AlertJob {
  webhookId: string;
  event: AlertEvent;
}

export const webhookSecretContext = (webhookId: string) => `webhook:${webhookId}`;

export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type Alerts = ReturnType<typeof createAlerts>;

export function createAlerts({ db, queue, box, guard, log }: { db: Db; queue: JobQueue; box: SecretBox; guard: TargetGuard; log?: Logger | undefined }) {
  return {
    /** Queues one delivery per enabled webhook of the deployment. */
    async queue(t: Transition, deploymentName: string) {
      const hooks = (await repo.listWebhooks(db, t.deploymentId)).filter((h) => h.enabled);
      const event: AlertEvent = {
        event: t.to === 'down' ? 'monitor.down' : 'monitor.up',
        deployment: { id: t.deploymentId, name: deploymentName },
        check: { id: t.checkId, name: t.name, kind: t.kind, itemKey: t.itemKey },
        state: t.to,
        previousState: t.from,
        at: t.at.toISOString(),
        message: t.message,
      };
      for (const h of hooks) {
        const job: AlertJob = { webhookId: h.id, event };
        await queue.send(QUEUES.checkAlert, job, { retryLimit: 6, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 });
      }
    },

    /** Delivers one alert; throws (so the queue retries) unless the receiver answered 2xx. */
    async deliver(job: AlertJob) {
      const row = await repo.findWebhook(db, job.webhookId);
      if (!row || !row.webhook.enabled) return;
      const h = row.webhook;
      const restricted = h.restricted && !row.allowPrivateTargets;
      const body = JSON.stringify(job.event);
      const timestamp = Math.floor(Date.now() / 1000);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10_000);
      try {
        if (restricted) await guard.assertAllowed(new URL(h.url).hostname);
        const outcome = await httpRequest(
          {
            url: h.url,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'golive-alerts/1',
              'x-golive-event': job.event.event,
              'x-golive-signature': signature(box.open(h.secret, webhookSecretContext(h.id)), timestamp, body),
            },
            body,
            insecureSkipVerify: false,
            maxRedirects: 0,
            maxBodyBytes: 16 * 1024,
          },
          { signal: controller.signal, timeoutMs: 10_000, guard: restricted ? guard : undefined },
        );
        const status = outcome.ok ? `HTTP ${outcome.response.status}` : outcome.problem;
        await repo.recordDelivery(db, h.id, status.slice(0, 200));
        if (!outcome.ok || outcome.response.status < 200 || outcome.response.status > 299) {
          throw new Error(`alert webhook ${h.url} answered ${status}; will retry`);
        }
        log?.info({ webhook: h.id, event: job.event.event, check: job.event.check.id }, 'alert delivered');
      } catch (e) {
        // A receiver on an address this workspace may not reach stays refused: record why, do not retry.
        if (e instanceof TargetRefused) return void (await repo.recordDelivery(db, h.id, e.message.slice(0, 200)));
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
