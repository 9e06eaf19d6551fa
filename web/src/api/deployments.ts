import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import type { AddMemberInput, Calendar, CreateDeploymentInput, Deployment, DeploymentStatus, DeploymentSummary, Member, Page } from './types.ts';

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
      // A new client name creates its organisation with the deployment.
      return Promise.all([qc.invalidateQueries({ queryKey: keys.portfolio }), qc.invalidateQueries({ queryKey: keys.organizations })]);
    },
  });
}

/**
 * After a team change, what follows membership: the item lists and open items (assignee
 * choices, who may change what), the deployment itself (my role and permissions) and the
 * portfolio (which deployments I see).
 */
function invalidateTeam(qc: QueryClient, id: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.itemLists(id) }),
    qc.invalidateQueries({ queryKey: keys.itemDetails(id) }),
    qc.invalidateQueries({ queryKey: keys.deployment(id), exact: true }),
    qc.invalidateQueries({ queryKey: keys.portfolio }),
  ]);
}

export function useAddMember(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AddMemberInput) => api<{ items: Member[] }>(`/deployments/${id}/members`, { method: 'POST', body }),
    onSuccess: (team) => {
      qc.setQueryData(keys.members(id), team);
      return invalidateTeam(qc, id);
    },
  });
}

export function useRemoveMember(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<void>(`/deployments/${id}/members/${userId}`, { method: 'DELETE' }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.members(id) }), invalidateTeam(qc, id)]),
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
