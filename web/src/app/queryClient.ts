import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { keys } from '../api/keys.ts';

/** A 401 anywhere means the session ended: re-ask who we are, which shows the sign-in page. */
function onError(error: unknown) {
  if (isApiError(error) && error.status === 401) void queryClient.invalidateQueries({ queryKey: keys.me });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
