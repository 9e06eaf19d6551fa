import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import type { CreateUserInput, Organization, User } from './types.ts';

/** People of the workspace. Needs `workspace.manage`: pass `enabled: false` for anyone else. */
export function useUsers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.users,
    queryFn: () => api<{ items: User[] }>('/users'),
    select: (d) => d.items,
    enabled,
  });
}

/** The vendor organisation and its clients (a client user sees only their own). */
export function useOrganizations() {
  return useQuery({
    queryKey: keys.organizations,
    queryFn: () => api<{ items: Organization[] }>('/organizations'),
    select: (d) => d.items,
  });
}

export function useCreateOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => api<Organization>('/organizations', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations }),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api<User>('/users', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}
