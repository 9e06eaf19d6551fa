import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import type { Calendar, CreateDeploymentInput, Deployment, DeploymentStatus, DeploymentSummary, Member, Page } from './types.ts';

export function usePortfolio() {
  return useQuery({
    queryKey: keys.portfolio,
    queryFn: () => api<Page<DeploymentSummary>>('/deployments', { query: { limit: 200 } }),
    select: (d) => d.items,
  });
}

export function useDeployment(id: string) {
  return useQuery({ queryKey: keys.deployment(id), queryFn: () => api<Deployment>(`/deployments/${id}`) });
}

export function useCalendar(id: string) {
  return useQuery({ queryKey: keys.calendar(id), queryFn: () => api<Calendar>(`/deployments/${id}/calendar`) });
}

export function useMembers(id: string) {
  return useQuery({
    queryKey: keys.members(id),
    queryFn: () => api<{ items: Member[] }>(`/deployments/${id}/members`),
    select: (d) => d.items,
  });
}

export function useCreateDeployment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDeploymentInput) => api<Deployment>('/deployments', { method: 'POST', body: input }),
    onSuccess: (d) => {
      qc.setQueryData(keys.deployment(d.id), d);
      return qc.invalidateQueries({ queryKey: keys.portfolio });
    },
  });
}

export interface StatusChange {
  status: DeploymentStatus;
  reason?: string;
  version: number;
}

export function useChangeStatus(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StatusChange) => api<Deployment>(`/deployments/${id}`, { method: 'PATCH', body }),
    onSuccess: (d) => {
      qc.setQueryData(keys.deployment(id), d);
      return qc.invalidateQueries({ queryKey: keys.portfolio });
    },
  });
}
