import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from './client.ts';
import { keys } from './keys.ts';
import { invalidateDeployment, itemPath } from './items.ts';
import type { Evidence } from './types.ts';

export type EvidenceInput =
  | { kind: 'file'; file: File; note?: string }
  | { kind: 'link'; url: string; note?: string }
  | { kind: 'note'; note: string };

export function useEvidence(id: string, key: string) {
  return useQuery({
    queryKey: keys.evidence(id, key),
    queryFn: () => api<{ items: Evidence[] }>(`${itemPath(id, key)}/evidence`),
    select: (d) => d.items,
  });
}

function toBody(input: EvidenceInput): FormData | object {
  if (input.kind !== 'file') return input.note ? input : { ...input, note: undefined };
  // The server reads an optional `note` field first, then the `file` part.
  const form = new FormData();
  if (input.note) form.append('note', input.note);
  form.append('file', input.file, input.file.name);
  return form;
}

export function useAddEvidence(id: string, key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: EvidenceInput) => api<Evidence>(`${itemPath(id, key)}/evidence`, { method: 'POST', body: toBody(input) }),
    // Evidence changes the item's count and history, and the checklist rows.
    onSuccess: () => invalidateDeployment(qc, id),
  });
}

export const evidenceFileUrl = (deploymentId: string, evidenceId: string) => apiUrl(`/deployments/${deploymentId}/evidence/${evidenceId}/file`);
