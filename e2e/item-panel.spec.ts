import { expect, test } from '@playwright/test';
import { OWNER } from './owner.ts';
import { signInWithNewDeployment } from './session.ts';

/**
 * What the item panel tells a user when a change cannot happen, and how the checklist
 * is driven by keyboard and filters. Runs after the journey, as the owner it created.
 */

test('item panel explains refused changes; checklist works by keyboard and filters', async ({ page, browser }) => {
  const id = await signInWithNewDeployment(page, 'Outlet wave');
  const dialog = page.getByRole('dialog');

  // Deep link: waits on business-requirements.1, which is still open.
  await page.goto(`/deployments/${id}/items/business-requirements.2`);
  await expect(dialog.getByRole('heading', { name: 'Technical requirements documented' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Mark done' }).click();
  await expect(dialog.getByRole('alert')).toContainText('waits on items that are still open');
  await dialog.getByRole('alert').getByRole('link', { name: /business-requirements\.1/ }).click();
  await expect(dialog.getByRole('heading', { name: 'Signed contract with SOW (Statement of Work)' })).toBeVisible();

  // Done needs the evidence the item asks for.
  await dialog.getByRole('button', { name: 'Mark done' }).click();
  await expect(dialog.getByRole('alert')).toContainText('needs evidence before it can be marked done');
  await expect(dialog.getByRole('alert')).toContainText('Add one of these first: File.');

  // Blocked needs a reason: asked for before anything is sent.
  await dialog.getByRole('button', { name: 'Mark blocked' }).click();
  await expect(dialog.getByText('Give a reason to mark this item “Blocked”.')).toBeVisible();
  await expect(dialog.getByLabel('Note or reason')).toBeFocused();
  await dialog.getByLabel('Note or reason').fill('Waiting for the countersigned copy');
  await dialog.getByRole('button', { name: 'Mark blocked' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Saved. The item is now “Blocked”.' })).toBeVisible();
  await expect(dialog.getByTestId('history')).toContainText('Waiting for the countersigned copy');

  // Someone else changes the item meanwhile: no silent overwrite, a reload instead.
  const other = await browser.newContext({ baseURL: new URL(page.url()).origin });
  await other.request.post('/api/v1/session', { data: { email: OWNER.email, password: OWNER.password } });
  expect((await other.request.patch(`/api/v1/deployments/${id}/items/business-requirements.1`, { data: { state: 'in_progress' } })).status()).toBe(200);
  await other.close();
  await dialog.getByRole('button', { name: 'Back to to do' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Someone else changed this since you opened it');
  await dialog.getByRole('button', { name: 'Reload the item' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByTestId('item-state')).toContainText('In progress');

  // Comments.
  await dialog.getByLabel('Add a comment').fill('Legal sends it on Friday.');
  await dialog.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(dialog.getByRole('paragraph').filter({ hasText: 'Legal sends it on Friday.' })).toBeVisible();
  await expect(dialog.getByLabel('Add a comment')).toHaveValue('');

  // Keyboard: a row opens with Enter, Esc closes, focus returns to the row.
  await page.goto(`/deployments/${id}`);
  const row = page.locator('[data-key="security-setup.1"]');
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(row).toBeFocused();

  // Filters live in the URL.
  await page.getByRole('button', { name: 'Blocked', exact: true }).click();
  await expect(page).toHaveURL(/state=blocked/);
  await expect(page.getByTestId('item-row')).toHaveCount(0);
  await page.getByRole('button', { name: 'Blocked', exact: true }).click();
  await page.getByLabel('Phase', { exact: true }).selectOption('testing');
  await expect(page.getByTestId('item-row')).toHaveCount(17);
  await page.getByLabel('State', { exact: true }).selectOption('in_progress');
  await expect(page.getByTestId('item-row')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('item-row')).toHaveCount(98);
});
