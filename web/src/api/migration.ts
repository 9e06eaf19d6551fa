import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from './client.ts';
import { keys } from './keys.ts';
import { invalidateDeployment } from './items.ts';
import type { ImportRejects, ImportRun, ImportRunDetail, ImportTarget, MigrationEnvironment, Page, Reconciliation, ReconciliationDetail, SetImportTargetInput } from './types.ts';

const base = (id: string) => `/deployments/${id}`;
const importPath = (id: string, importId: string) => `${base(id)}/imports/${encodeURIComponent(importId)}`;

/** A run that a worker may still change is asked for again this often: live progress. */
const LIVE_MS = 1000;
const isLive = (status: string | undefined) => status === 'queued' || status === 'running';

export function useImportTargets(id: string) {
  return useQuery({ queryKey: keys.importTargets(id), queryFn: () => api<{ items: ImportTarget[] }>(`${base(id)}/import-targets`), select: (d) => d.items });
}

export function useSetImportTarget(id: string, environment: MigrationEnvironment) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetImportTargetInput) => api<ImportTarget>(`${base(id)}/import-targets/${environment}`, { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.importTargets(id) }),
  });
}

/** The deployment's imports, newest first; followed while one of them is queued or running. */
export function useImports(id: string) {
  return useQuery({
    queryKey: keys.imports(id),
    queryFn: () => api<Page<ImportRun>>(`${base(id)}/imports`, { query: { limit: 50 } }),
    select: (d) => d.items,
    refetchInterval: (q) => (q.state.data?.items.some((r) => isLive(r.status)) ? LIVE_MS : false),
  });
}

/** When a followed run or reconciliation finishes, what its result changed is read again (items, lists, rejects). */
function useRefreshWhenFinished(id: string, status: string | undefined) {
  const qc = useQueryClient();
  const was = useRef(status);
  useEffect(() => {
    if (isLive(was.current) && status && !isLive(status)) void invalidateDeployment(qc, id);
    was.current = status;
  }, [qc, id, status]);
}

/** One import with its live progress (rows, rows/s, ETA) while it runs. */
export function useImportRun(id: string, importId: string) {
  const run = useQuery({
    queryKey: keys.importRun(id, importId),
    queryFn: () => api<ImportRunDetail>(importPath(id, importId)),
    refetchInterval: (q) => (isLive(q.state.data?.status) ? LIVE_MS : false),
    refetchIntervalInBackground: true,
  });
  useRefreshWhenFinished(id, run.data?.status);
  return run;
}

export function useRejects(id: string, importId: string, live: boolean) {
  return useQuery({
    queryKey: keys.rejects(id, importId),
    queryFn: () => api<ImportRejects>(`${importPath(id, importId)}/rejects`),
    refetchInterval: live ? LIVE_MS : false,
  });
}

export const rejectsFileUrl = (id: string, importId: string) => apiUrl(`${importPath(id, importId)}/rejects/file`);

export interface StartImportInput {
  environment: MigrationEnvironment;
  file: File;
  profile?: string | undefined;
  /** The text of a mapping file, instead of a profile. */
  mapping?: string | undefined;
  maxRejects?: string | undefined;
}

export function useStartImport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: StartImportInput) => {
      // The server reads the fields first, then the file part.
      const form = new FormData();
      form.append('environment', input.environment);
      if (input.profile) form.append('profile', input.profile);
      if (input.mapping) form.append('mapping', input.mapping);
      if (input.maxRejects) form.append('maxRejects', input.maxRejects);
      form.append('file', input.file, input.file.name);
      return api<ImportRun>(`${base(id)}/imports`, { method: 'POST', body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.imports(id) }),
  });
}

export function useCancelImport(id: string, importId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<ImportRun>(`${importPath(id, importId)}/cancel`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.migration(id) }),
  });
}

export function useReconciliations(id: string) {
  return useQuery({
    queryKey: keys.reconciliations(id),
    queryFn: () => api<Page<Reconciliation>>(`${base(id)}/reconciliations`, { query: { limit: 20 } }),
    select: (d) => d.items,
    refetchInterval: (q) => (q.state.data?.items.some((r) => isLive(r.status)) ? LIVE_MS : false),
  });
}

/** One reconciliation, followed until a worker has its result. */
export function useReconciliation(id: string, recId: string) {
  const rec = useQuery({
    queryKey: keys.reconciliation(id, recId),
    queryFn: () => api<ReconciliationDetail>(`${base(id)}/reconciliations/${encodeURIComponent(recId)}`),
    refetchInterval: (q) => (isLive(q.state.data?.status) ? LIVE_MS : false),
    refetchIntervalInBackground: true,
  });
  useRefreshWhenFinished(id, rec.data?.status);
  return rec;
}

export function useReconcile(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (environment: MigrationEnvironment) => api<Reconciliation>(`${base(id)}/reconciliations`, { method: 'POST', body: { environment } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.reconciliations(id) }),
  });
}
