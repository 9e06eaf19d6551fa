import { expect, type Page } from '@playwright/test';
import { OWNER } from './owner.ts';

/** Signs the page in as the owner the journey created and gives them a fresh deployment; returns its id. */
export async function signInWithNewDeployment(page: Page, name: string): Promise<string> {
  const session = await page.request.post('/api/v1/session', { data: { email: OWNER.email, password: OWNER.password } });
  expect(session.status()).toBe(204);
  const created = await page.request.post('/api/v1/deployments', {
    data: { name: `${name} ${Date.now()}`, clientName: 'Bakmi Jaya', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-09' },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}
