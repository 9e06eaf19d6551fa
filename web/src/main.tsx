import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import './i18n/index.ts';
import { queryClient } from './app/queryClient.ts';
import { router } from './app/router.tsx';
import './styles.css';
import './features/checks/checks.css';
import './features/migration/migration.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
