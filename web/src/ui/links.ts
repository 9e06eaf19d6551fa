/**
 * For breadcrumbs and tabs: a link is the current page only on its own path. TanStack's default
 * (fuzzy) match marks every ancestor — and "/" everywhere — with aria-current="page".
 */
export const EXACT_ACTIVE = { exact: true, includeSearch: false } as const;
