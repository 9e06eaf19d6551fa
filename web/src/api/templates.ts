import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import type { Page, Template, TemplateSummary } from './types.ts';

export function useTemplates() {
  return useQuery({
    queryKey: keys.templates,
    queryFn: () => api<Omit<Page<TemplateSummary>, 'nextCursor'>>('/templates'),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
  });
}

/** A template version's document: role titles and success-criteria groups. Versions never change. */
export function useTemplate(key: string | undefined, version?: number) {
  return useQuery({
    queryKey: keys.template(key ?? '', version),
    queryFn: () => api<Template>(`/templates/${encodeURIComponent(key!)}`, { query: { version } }),
    enabled: !!key,
    staleTime: Infinity,
  });
}
