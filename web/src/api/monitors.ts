import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { checkPath } from './checks.ts';
import { keys } from './keys.ts';
import type { Availability, CreateMaintenanceInput, CreateWebhookInput, MaintenanceWindow, MonitorEvent, Series, Webhook, WebhookTestResult } from './types.ts';

/** `refreshMs`: read again this often while shown (a monitor's figures move on their own); see `monitorRefreshMs`. */
interface WindowOptions {
  enabled?: boolean;
  refreshMs?: number | false;
}

/** Uptime, error budget and latency of a monitor over the last `hours` (the API answers 422 for on-demand checks). */
export function useAvailability(id: string, checkId: string, hours: number, { enabled = true, refreshMs = false }: WindowOptions = {}) {
  return useQuery({
    queryKey: keys.availability(id, checkId, hours),
    queryFn: () => api<Availability>(`${checkPath(id, checkId)}/availability`, { query: { hours } }),
    enabled,
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
}

/** Results and latency per time bucket over the last `hours`, `points` buckets at most. */
export function useSeries(id: string, checkId: string, hours: number, points: number, { refreshMs = false }: WindowOptions = {}) {
  return useQuery({
    queryKey: keys.series(id, checkId, hours),
    queryFn: () => api<Series>(`${checkPath(id, checkId)}/series`, { query: { hours, points } }),
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
}

/** Up and down periods of a monitor, newest first. */
export function useEvents(id: string, checkId: string, hours: number, { enabled = true, refreshMs = false }: WindowOptions = {}) {
  return useQuery({
    queryKey: keys.events(id, checkId, hours),
    queryFn: () => api<{ items: MonitorEvent[] }>(`${checkPath(id, checkId)}/events`, { query: { hours } }),
    select: (d) => d.items,
    enabled,
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
}

const maintenancePath = (id: string) => `/deployments/${id}/maintenance`;

export function useMaintenance(id: string) {
  return useQuery({
    queryKey: keys.maintenance(id),
    queryFn: () => api<{ items: MaintenanceWindow[] }>(maintenancePath(id)),
    select: (d) => d.items,
  });
}

/** Maintenance time counts neither up nor down: uptime figures change with the windows. */
export function useAddMaintenance(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMaintenanceInput) => api<MaintenanceWindow>(maintenancePath(id), { method: 'POST', body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.maintenance(id) }), qc.invalidateQueries({ queryKey: keys.checks(id) })]),
  });
}

export function useRemoveMaintenance(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (windowId: string) => api<void>(`${maintenancePath(id)}/${windowId}`, { method: 'DELETE' }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.maintenance(id) }), qc.invalidateQueries({ queryKey: keys.checks(id) })]),
  });
}

const webhooksPath = (id: string) => `/deployments/${id}/webhooks`;

/** Alert webhooks. Needs `check.manage`: pass `enabled: false` for anyone else. */
export function useWebhooks(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.webhooks(id),
    queryFn: () => api<{ items: Webhook[] }>(webhooksPath(id)),
    select: (d) => d.items,
    enabled,
  });
}

/** The answer carries the signing secret, this once. */
export function useAddWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookInput) => api<Webhook & { secret: string }>(webhooksPath(id), { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.webhooks(id) }),
  });
}

export function useRemoveWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => api<void>(`${webhooksPath(id)}/${webhookId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.webhooks(id) }),
  });
}

/** Posts a signed test event; the last delivery shown in the list changes with it. */
export function useTestWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => api<WebhookTestResult>(`${webhooksPath(id)}/${webhookId}/test`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.webhooks(id) }),
  });
}
