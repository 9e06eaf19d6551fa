import { expect, test } from '@playwright/test';
import { OWNER } from './owner.ts';

/**
 * The first-day journey: set up the workspace, create a deployment from the enterprise
 * template, see the whole checklist, prove and close the first item, watch progress move,
 * then read it all in Bahasa Indonesia.
 */

const KICKOFF = '2026-12-07';
const ITEM_KEY = 'business-requirements.1';
const ITEM_TITLE = 'Signed contract with SOW (Statement of Work)';

const dateIn = (locale: string, iso: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

test('set up, create a deployment, close the first item with evidence, read it in Indonesian', async ({ page }) => {
  // First run: the workspace does not exist yet.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up your workspace' })).toBeVisible();
  await page.getByLabel('Workspace name').fill(OWNER.workspaceName);
  await page.getByLabel('Your name').fill(OWNER.displayName);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();

  // The empty portfolio opens with the new-deployment form.
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
  await expect(page.getByText(OWNER.displayName)).toBeVisible();
  await page.getByLabel('Deployment name').fill('Enterprise rollout');
  await page.getByLabel('Client name').fill('Kopi Nusantara Group');
  await expect(page.getByLabel('Checklist template')).toHaveValue('enterprise-deployment');
  await page.getByLabel('Kickoff date').fill(KICKOFF);
  await page.getByRole('button', { name: 'Create deployment' }).click();

  // The deployment page: 98 checklist items and 8 success criteria, titles verbatim from the seed.
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  const deploymentUrl = page.url();
  await expect(page.getByRole('heading', { name: 'Enterprise rollout', level: 1 })).toBeVisible();
  await expect(page.getByTestId('item-row')).toHaveCount(98);
  await expect(page.getByTestId('criterion-row')).toHaveCount(8);
  await expect(page.getByTestId('phase')).toHaveCount(7);
  for (const title of [ITEM_TITLE, 'Load testing (1000+ concurrent users)', 'Cutover window scheduled (weekend/off-hours)', 'Monthly business reviews scheduled']) {
    await expect(page.getByTestId('item-row').getByText(title, { exact: true })).toBeVisible();
  }
  for (const title of ['99.9% uptime in first month', 'Client satisfaction score >8/10']) {
    await expect(page.getByTestId('criterion-row').getByText(title, { exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('stat-done')).toContainText('0/98');
  await expect(page.getByTestId('stat-criteria')).toContainText('0/8');
  await expect(page.getByTestId('kickoff-date')).toHaveText(dateIn('en-GB', KICKOFF));

  // Open the signed-contract item: its own address, a file is the evidence it needs.
  await page.locator(`[data-key="${ITEM_KEY}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/items/${ITEM_KEY.replace('.', '\\.')}$`));
  const panel = page.getByRole('dialog', { name: ITEM_TITLE });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('The agreement and SOW are countersigned by both parties')).toBeVisible();
  await expect(panel.getByText('One of: File')).toBeVisible();

  // Upload the signed SOW as evidence.
  await panel.getByLabel('File to upload').setInputFiles({ name: 'signed-sow.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% signed SOW, Kopi Nusantara Group\n') });
  await panel.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Evidence added: File.' })).toBeVisible();
  await expect(panel.getByTestId('evidence-list').getByRole('link', { name: 'signed-sow.pdf' })).toBeVisible();

  // Mark it done.
  await panel.getByRole('button', { name: 'Mark done' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Saved. The item is now “Done”.' })).toBeVisible();
  await expect(panel.getByTestId('item-state')).toContainText('Done');
  await expect(panel.getByTestId('history')).toContainText('signed-sow.pdf');

  // Back on the deployment page, progress has moved.
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(page).toHaveURL(deploymentUrl);
  await expect(page.getByTestId('stat-done')).toContainText('1/98');
  await expect(page.locator('.deployment-progress').getByTestId('progress-percent')).toHaveText('1%');
  await expect(page.locator(`[data-key="${ITEM_KEY}"]`)).toContainText('Done');

  // Bahasa Indonesia: UI text translated, dates in id-ID, item titles unchanged (they are data).
  await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('heading', { name: 'Linimasa' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Kriteria sukses', level: 2 })).toBeVisible();
  await expect(page.getByTestId('stat-done')).toContainText('Selesai');
  await expect(page.locator(`[data-key="${ITEM_KEY}"]`)).toContainText('Selesai');
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
  await expect(page.getByText(ITEM_TITLE, { exact: true })).toBeVisible();
  const idKickoff = dateIn('id-ID', KICKOFF);
  expect(idKickoff).toBe('7 Des 2026');
  await expect(page.getByTestId('kickoff-date')).toHaveText(idKickoff);
  await expect(page.getByText('Sesuai jadwal').or(page.getByText('Berisiko')).or(page.getByText('Terlambat', { exact: true })).first()).toBeVisible();

  // The choice survives a reload.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('heading', { name: 'Linimasa' })).toBeVisible();

  // Screenshots for a look at the layout; at 375 px the page must not scroll sideways.
  await page.getByRole('button', { name: /English/ }).click();
  await page.screenshot({ path: '/tmp/golive-deployment-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByTestId('item-row').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: '/tmp/golive-deployment-375.png', fullPage: true });
});
