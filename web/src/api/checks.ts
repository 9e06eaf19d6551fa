import { useEffect, useState } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import { invalidateDeployment } from './items.ts';
import type { Check, CheckKind, CheckList, CheckPatch, CheckRun, CreateCheckInput, CriterionMeasurement, Page } from './types.ts';

export const checksPath = (id: string) => `/deployments/${id}/checks`;
export const checkPath = (id: string, checkId: string) => `${checksPath(id)}/${encodeURIComponent(checkId)}`;

/** The kinds the server runs: what each verifies, its default deadline, its config schema. They change only with a server release. */
export function useCheckKinds() {
  return useQuery({
    queryKey: keys.checkKinds,
    queryFn: () => api<Omit<Page<CheckKind>, 'nextCursor'>>('/check-kinds'),
    select: (d) => d.items,
    staleTime: Infinity,
  });
}

/** One kind as the server describes it; undefined while the list loads or if the server no longer lists it. */
export function useCheckKind(kind: string): CheckKind | undefined {
  return useCheckKinds().data?.find((k) => k.kind === kind);
}

/** Monitors change on their own: their views are read again at least this often while open. */
const MONITOR_REFRESH_MS = 30_000;

/**
 * How often a monitor's own views (availability, results, up/down periods, runs) are read
 * again while open: once per run, between 5 and 30 seconds — a monitor made a minute ago
 * shows its first results without a reload, and a daily one does not poll for nothing.
 */
export function monitorRefreshMs(intervalSeconds: number | null): number | false {
  if (intervalSeconds === null) return false;
  return Math.min(MONITOR_REFRESH_MS, Math.max(5_000, intervalSeconds * 1000));
}

/** The checks of a deployment (or of one item) with their summary; refreshed while monitors run. */
export function useChecks(id: string, item?: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.checkList(id, item),
    queryFn: () => api<CheckList>(checksPath(id), { query: { item } }),
    enabled,
    // As often as its most frequent monitor runs (5–30 s); not at all without monitors.
    refetchInterval: (q) => {
      const shortest = Math.min(...(q.state.data?.items ?? []).map((c) => c.intervalSeconds ?? Infinity));
      return monitorRefreshMs(Number.isFinite(shortest) ? shortest : null);
    },
  });
}

export function useCheck(id: string, checkId: string) {
  return useQuery({
    queryKey: keys.check(id, checkId),
    queryFn: () => api<Check>(checkPath(id, checkId)),
    refetchInterval: (q) => monitorRefreshMs(q.state.data?.intervalSeconds ?? null),
  });
}

/** The success criterion a monitor measures over the criterion's window: so far, or the result once it ended. */
export function useCriterion(id: string, checkId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.criterion(id, checkId),
    queryFn: () => api<CriterionMeasurement>(`${checkPath(id, checkId)}/criterion`),
    enabled,
  });
}

export function useCreateCheck(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCheckInput) => api<Check>(checksPath(id), { method: 'POST', body }),
    // A bound check changes its item's row (the checks summary) as well as the check lists.
    onSuccess: (c) => {
      qc.setQueryData(keys.check(id, c.id), c);
      return invalidateDeployment(qc, id);
    },
  });
}

export function useUpdateCheck(id: string, checkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckPatch) => api<Check>(checkPath(id, checkId), { method: 'PATCH', body }),
    onSuccess: (c) => {
      qc.setQueryData(keys.check(id, checkId), c);
      return invalidateDeployment(qc, id);
    },
  });
}

export function useDeleteCheck(id: string, checkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(checkPath(id, checkId), { method: 'DELETE' }),
    onSuccess: () => {
      // The check is gone: forget it rather than ask for it again (a 404) before the page moves on.
      const gone = keys.check(id, checkId);
      qc.removeQueries({ queryKey: gone });
      void qc.invalidateQueries({ queryKey: keys.deployment(id), predicate: (q) => q.queryKey[3] !== gone[3] });
      void qc.invalidateQueries({ queryKey: keys.portfolio });
    },
  });
}

/** Waits for a worker: a queued run is asked for again this often until it has a status. */
const RUN_POLL_MS = 1000;

/**
 * "Run now" and the run it queued, followed until a worker has filled in its result. When it
 * has, everything the result may have changed is read again: the check, its item (evidence,
 * completion), the deployment's progress.
 */
export function useLiveRun(id: string, checkId: string) {
  const qc = useQueryClient();
  const [runId, setRunId] = useState<number | null>(null);
  const start = useMutation({
    mutationFn: () => api<CheckRun>(`${checkPath(id, checkId)}/runs`, { method: 'POST' }),
    onSuccess: (run) => {
      qc.setQueryData(keys.run(id, checkId, run.id), run);
      setRunId(run.id);
    },
  });
  const run = useQuery({
    queryKey: keys.run(id, checkId, runId ?? 0),
    queryFn: () => api<CheckRun>(`${checkPath(id, checkId)}/runs/${runId}`),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data?.status ? false : RUN_POLL_MS),
    refetchIntervalInBackground: true,
  });
  const status = runId !== null ? (run.data?.status ?? null) : null;
  useEffect(() => {
    if (status) void invalidateDeployment(qc, id);
  }, [qc, id, runId, status]);
  return {
    start: () => start.mutate(),
    run: runId !== null ? run.data : undefined,
    /** Asked for, or queued and not finished yet. */
    pending: start.isPending || (runId !== null && !status && !run.error),
    /** When the run was last asked about (to tell a long wait for a worker). */
    checkedAt: run.dataUpdatedAt,
    error: start.error ?? run.error,
  };
}

const RUNS_PAGE = 20;

/** Runs, newest first, a page at a time; optionally only those that did not pass. */
export function useRuns(id: string, checkId: string, failures: boolean, { refreshMs = false }: { refreshMs?: number | false } = {}) {
  return useInfiniteQuery({
    queryKey: keys.runs(id, checkId, failures),
    queryFn: ({ pageParam }) =>
      api<Page<CheckRun>>(`${checkPath(id, checkId)}/runs`, { query: { cursor: pageParam, limit: RUNS_PAGE, failures: failures || undefined } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // A run without a result moves from queued to running to its result: follow it while one is
    // shown; a monitor's runs keep coming.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((r) => r.status === null)) ? RUN_POLL_MS : refreshMs),
  });
}
