import type { ReactNode } from 'react';
import { useMe, useSetupNeeded } from '../../api/auth.ts';
import { Layout } from '../../app/Layout.tsx';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { Loading } from '../../ui/Status.tsx';
import { SetupPage } from './SetupPage.tsx';
import { SignInPage } from './SignInPage.tsx';

/**
 * First run shows setup, no session shows sign-in, otherwise the app. The URL is left
 * alone, so a deep link opens where it pointed once the user has signed in.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const setup = useSetupNeeded();
  const me = useMe();

  let content: ReactNode;
  if (setup.error || me.error) content = <ErrorNotice error={setup.error ?? me.error} />;
  else if (setup.isPending || me.isPending) content = <Loading />;
  else if (setup.data.needed) content = <SetupPage />;
  else if (!me.data) content = <SignInPage />;
  else return <Layout user={me.data}>{children}</Layout>;

  return <Layout user={null}>{content}</Layout>;
}
