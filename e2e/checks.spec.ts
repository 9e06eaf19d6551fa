import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { OWNER } from './owner.ts';
import { signInWithNewDeployment } from './session.ts';

/**
 * Checks in the browser: set up an HTTP check with a secret against a server this spec runs on
 * loopback (a check the owner sets up may reach it), run it now and watch it pass, see the item
 * it proves show it, make it a monitor and read its availability; then maintenance and an alert
 * webhook. Runs after the journey, as the owner it created, with the server's own workers.
 */

const TOKEN = 'e2e-token-9f3c1a7b5d';
const ITEM = 'application-deployment.1';
const ITEM_TITLE = 'Docker containers deployed';
const CHECK = 'Menu API health';

let target: http.Server;
let port = 0;
let hooksReceived = 0;

test.beforeAll(async () => {
  target = http.createServer((req, res) => {
    if (req.url === '/hooks' && req.method === 'POST') {
      hooksReceived++;
      return void res.writeHead(204).end();
    }
    if (req.url === '/open') return void res.writeHead(200).end('ok');
    if (req.url !== '/healthz') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('no');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  port = (target.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
});

const configWith = (authorization: string) =>
  JSON.stringify({ url: `http://127.0.0.1:${port}/healthz`, headers: { Authorization: authorization }, expect: { status: 200, json: [{ path: '$.status', equals: 'ok' }] } }, null, 2);

test('set up an HTTP check with a secret, run it, see its item, make it a monitor', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signInWithNewDeployment(page, 'Checks wave');

  // The deployment page has a Checks tab; there are none yet.
  await page.goto(`/deployments/${id}`);
  await page.getByRole('navigation', { name: 'Deployment views' }).getByRole('link', { name: /Checks/ }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${id}/checks$`));
  await expect(page.getByRole('heading', { name: 'Checks', level: 1 })).toBeVisible();
  await expect(page.getByText('No checks yet.')).toBeVisible();

  // The form: an http check bound to the item it proves, suggesting done when it passes.
  await page.getByRole('link', { name: 'New check' }).click();
  const form = page.getByTestId('check-form');
  await form.getByLabel('Name').fill(CHECK);
  await expect(form.getByLabel('Kind')).toHaveValue('http');
  // Under the kind, what it verifies as the server describes it (GET /check-kinds).
  await expect(form.getByText('An HTTP(S) endpoint answers with the expected status, body and headers, in time.')).toBeVisible();
  await form.getByLabel('Checklist item it proves').selectOption(ITEM);
  await form.getByLabel('Add evidence and suggest done').check();

  // The JSON is checked as it is typed.
  const config = form.getByTestId('config-editor');
  await config.fill('{"url": ');
  await expect(form.getByText(/This is not valid JSON/)).toBeVisible();
  await expect(config).toHaveAttribute('aria-invalid', 'true');

  // A credential written into the config is refused by the server, which says what to do.
  await config.fill(configWith(`Bearer ${TOKEN}`));
  await form.getByRole('button', { name: 'Create check' }).click();
  await expect(form.getByRole('alert')).toContainText('Credentials must not be stored');

  // ${NAME} in the config, the value as a secret: the form offers to add the one it names.
  await config.fill(configWith('Bearer ${API_TOKEN}'));
  await expect(form.getByText(/The config uses \$\{API_TOKEN\}/)).toBeVisible();
  await form.getByRole('button', { name: 'Add API_TOKEN' }).click();
  await expect(form.getByLabel('Value of API_TOKEN')).toBeFocused();
  await page.keyboard.type(TOKEN);
  await form.getByRole('button', { name: 'Create check' }).click();

  // Its page: not run yet; run it now and watch it pass.
  await expect(page.getByRole('heading', { name: CHECK, level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/checks\/[0-9a-f-]{36}$/);
  const status = page.getByTestId('check-status');
  await expect(status).toContainText('Not run yet');
  await page.getByTestId('run-now').click();
  await expect(page.getByTestId('run-status')).toContainText('Pass', { timeout: 30_000 });
  await expect(page.getByTestId('run-status')).toContainText('200 in');
  await expect(status).toContainText('Pass');
  await expect(page.getByTestId('runs').getByTestId('run')).toHaveCount(1);
  await expect(page.getByTestId('runs')).toContainText(`Run by ${OWNER.displayName}`);
  // The secret's value is never shown back, only its name.
  await page.getByText('Settings and config').click();
  await expect(page.getByTestId('check-settings')).toContainText('API_TOKEN');
  await expect(page.locator('body')).not.toContainText(TOKEN);

  // The item it proves: the panel shows the check, the suggestion to mark it done and the evidence.
  await page.getByRole('link', { name: new RegExp(ITEM.replace('.', '\\.')) }).first().click();
  const panel = page.getByRole('dialog', { name: ITEM_TITLE });
  await expect(panel).toBeVisible();
  const itemChecks = panel.getByTestId('item-checks');
  await expect(itemChecks).toContainText('Check passing');
  await expect(itemChecks.getByRole('link', { name: CHECK })).toBeVisible();
  await expect(panel.getByTestId('suggest-done')).toContainText('A check passed — mark this item done?');
  await expect(panel.getByTestId('evidence-list')).toContainText('Automated check');
  await expect(page.locator(`[data-key="${ITEM}"]`)).toContainText('Check passing');

  // Make it a monitor: every 10 seconds, which needs a deadline shorter than the kind's 10 s.
  await itemChecks.getByRole('link', { name: CHECK }).click();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  const edit = page.getByTestId('check-form');
  await expect(edit.getByLabel('Kind')).toBeDisabled();
  await expect(edit.getByLabel('Checklist item it proves')).toHaveValue(ITEM);
  await expect(edit.getByTestId('stored-secret')).toContainText('API_TOKEN');
  await edit.getByLabel('Monitor (run on a schedule)').check();
  await edit.getByLabel('Run every').fill('10');
  await edit.getByLabel('Unit').selectOption('s');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText(/run it less often than its deadline \(10 seconds\)/)).toBeVisible();
  await expect(edit.getByLabel('Run every')).toBeFocused();
  await edit.getByLabel('Deadline (seconds)').fill('5');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Its page now reads availability over a window, with the charts and the up/down periods.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: CHECK }).click();
  await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();
  const availability = page.getByTestId('availability');
  await expect(availability.getByTestId('availability-uptime')).toContainText('%', { timeout: 30_000 });
  await expect(availability.getByTestId('availability-slo')).toContainText('99.9%');
  await expect(page.getByTestId('result-strip')).toBeVisible();
  await expect(page.getByTestId('latency-chart').getByRole('img', { name: 'Latency' })).toBeVisible();
  await expect(page.getByTestId('events')).toContainText('Up', { timeout: 30_000 });
  await page.getByRole('button', { name: '7 days' }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(availability.getByTestId('availability-uptime')).toContainText('%');

  // The checks list: one monitor, up, with its uptime.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Checks', exact: true }).click();
  await expect(page.getByTestId('checks-monitors')).toContainText('1');
  await expect(page.getByTestId('checks-up')).toContainText('1', { timeout: 30_000 });
  const row = page.getByTestId('check-row');
  await expect(row).toContainText('Every 10 seconds');
  await expect(row).toContainText('Up');
});

test('a monitor bound to a success criterion measures it over the criterion’s window', async ({ page }) => {
  const id = await signInWithNewDeployment(page, 'Criteria wave');
  await page.goto(`/deployments/${id}/checks/new?item=success-technical.2`);
  const form = page.getByTestId('check-form');
  await expect(form.getByLabel('Checklist item it proves')).toHaveValue('success-technical.2');
  await form.getByLabel('Name').fill('API mean latency');
  await form.getByTestId('config-editor').fill(JSON.stringify({ url: `http://127.0.0.1:${port}/open` }));
  // A criterion is measured by a monitor, and mean latency needs its target.
  await form.getByLabel('Measure').selectOption('mean_latency');
  await form.getByRole('button', { name: 'Create check' }).click();
  await expect(form.getByText('A criterion is measured over weeks')).toBeVisible();
  await form.getByLabel('Monitor (run on a schedule)').check();
  await form.getByRole('button', { name: 'Create check' }).click();
  await expect(form.getByText('Give the mean latency to stay under, in ms.')).toBeVisible();
  await form.getByLabel('Mean latency under (ms)').fill('500');
  await form.getByRole('button', { name: 'Create check' }).click();

  const criterion = page.getByTestId('criterion');
  await expect(criterion.getByRole('heading', { name: 'Success criterion' })).toBeVisible();
  await expect(criterion).toContainText('Mean latency over the window');
  await expect(criterion).toContainText('under 500 ms');
  // The window is the 30 days after go-live: nothing measured yet.
  await expect(criterion).toContainText('Not measured yet');
});

test('maintenance windows and alert webhooks: plan, add with a one-time secret, test, remove', async ({ page }) => {
  const id = await signInWithNewDeployment(page, 'Checks wave');
  await page.goto(`/deployments/${id}/checks`);

  // A maintenance window for all checks, entered in Jakarta time.
  const maintenance = page.getByTestId('maintenance');
  await maintenance.getByText('Plan a maintenance window').click();
  await maintenance.getByLabel('Reason').fill('Database upgrade');
  await maintenance.getByRole('button', { name: 'Plan window' }).click();
  await expect(maintenance.getByTestId('maintenance-window')).toContainText('Database upgrade');
  await expect(maintenance.getByTestId('maintenance-window')).toContainText('All checks');
  await expect(maintenance.getByTestId('maintenance-window')).toContainText('Planned');
  await expect(maintenance.getByRole('status').filter({ hasText: 'Maintenance window planned.' })).toBeVisible();

  // A webhook: the generated signing secret is shown once, to copy.
  const webhooks = page.getByTestId('webhooks');
  await webhooks.getByText('Add a webhook').click();
  await webhooks.getByLabel('Receiver URL').fill(`http://127.0.0.1:${port}/hooks`);
  await webhooks.getByRole('button', { name: 'Add webhook' }).click();
  const secret = webhooks.getByTestId('webhook-secret');
  await expect(secret).toContainText('shown only this once');
  await expect(secret.locator('code')).toHaveText(/^whsec_/);
  await expect(secret.getByRole('button', { name: 'Copy' })).toBeVisible();
  await secret.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secret).toHaveCount(0);

  // A signed test event reaches the receiver.
  const hook = webhooks.getByTestId('webhook');
  await hook.getByRole('button', { name: /Send a test event/ }).click();
  await expect(hook.getByRole('status')).toContainText('Test event delivered');
  expect(hooksReceived).toBeGreaterThan(0);

  // Removing asks first, with Cancel focused.
  await hook.getByRole('button', { name: /Remove the webhook/ }).click();
  await expect(hook.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await hook.getByRole('button', { name: 'Remove webhook' }).click();
  await expect(webhooks.getByTestId('webhook')).toHaveCount(0);
  await expect(webhooks.getByText('No alert webhooks yet.')).toBeVisible();

  // In Bahasa Indonesia.
  await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
  await expect(page.getByRole('heading', { name: 'Pemeriksaan', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Jadwal pemeliharaan' })).toBeVisible();
  await page.getByRole('button', { name: /English/ }).click();
});
