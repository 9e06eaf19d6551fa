import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from './client.ts';
import { keys } from './keys.ts';
import type { Me } from './types.ts';

export interface SetupInput {
  workspaceName: string;
  displayName: string;
  email: string;
  password: string;
}

export function useSetupNeeded() {
  return useQuery({ queryKey: keys.setup, queryFn: () => api<{ needed: boolean }>('/setup'), staleTime: Infinity });
}

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api<Me>('/me');
      } catch (e) {
        if (isApiError(e) && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => api<{ userId: string }>('/setup', { method: 'POST', body: input }),
    onSuccess: async () => {
      qc.setQueryData(keys.setup, { needed: false });
      await qc.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api<void>('/session', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/session', { method: 'DELETE' }),
    onSuccess: () => {
      // No user: the gate shows sign-in. Nothing cached may outlive the session.
      qc.setQueryData(keys.me, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] && q.queryKey[0] !== keys.setup[0] });
    },
  });
}
