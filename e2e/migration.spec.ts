import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { parse } from 'csv-parse/sync';
import { generateExport } from '../tests/fixtures/pos/generate.ts';
import { signInWithNewDeployment } from './session.ts';

/**
 * Data migration in the browser, against the CI PostgreSQL as the import target (a fresh schema,
 * dropped after): set the production target, upload a generated Moka export (the chain's outlets
 * in its mapping file, known defects), watch it complete, read its rejects by reason and download
 * them, reconcile, and find the pass as the evidence of data-migration.5 (and "All data migrated
 * accurately" done). Runs after the journey, as its owner, with the server's own workers.
 */
const TARGET_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `e2e_migration_${Date.now()}`;

test.afterAll(async () => {
  const client = new pg.Client({ connectionString: TARGET_URL });
  await client.connect();
  await client.query(`drop schema if exists ${SCHEMA} cascade`);
  await client.end();
});

test('set the target, import a Moka export, see its rejects, reconcile it into evidence', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await signInWithNewDeployment(page, 'Migration wave');
  const moka = await generateExport({ profile: 'moka', seed: 7, transactions: 40, days: 2, defects: { bad_date: 1, unknown_payment_method: 2 } });
  const { rows, validRows, rejects: expectedRejects, days } = moka.expected;
  expect(expectedRejects.map((r) => r.reason).sort()).toEqual(['bad_date', 'unknown_payment_method', 'unknown_payment_method']);

  // The deployment has a Migration tab; no target is set yet.
  await page.goto(`/deployments/${id}`);
  await page.getByRole('navigation', { name: 'Deployment views' }).getByRole('link', { name: 'Migration' }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${id}/migration$`));
  await expect(page.getByRole('heading', { name: 'Data migration', level: 1 })).toBeVisible();
  const production = page.getByTestId('target-production');
  await expect(production).toContainText('Not set');

  // The URL goes into a password field and is never shown again: the card says it is set.
  const form = page.getByTestId('target-form-production');
  await expect(form.getByLabel('PostgreSQL URL')).toHaveAttribute('type', 'password');
  await form.getByLabel('PostgreSQL URL').fill(TARGET_URL);
  await form.getByLabel('Schema').fill(SCHEMA);
  await form.getByRole('button', { name: 'Save Production target' }).click();
  await expect(production).toContainText('Set');
  await expect(production).toContainText(SCHEMA);
  await expect(production).toContainText('URL stored encrypted');
  await expect(page.locator('body')).not.toContainText(TARGET_URL);

  // Upload the export for production with a mapping file (the Moka profile plus the chain's outlets); the run's page follows it.
  const upload = page.getByTestId('upload-form');
  await upload.getByRole('radio', { name: 'Production' }).check();
  await expect(upload.getByLabel('Profile', { exact: true })).toHaveValue('moka');
  await upload.getByRole('radio', { name: 'Mapping file' }).check();
  await upload.getByLabel('Mapping file (JSON)').setInputFiles({ name: 'kopi-nusantara-moka.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(moka.mapping)) });
  await upload.getByLabel('Export file (CSV or XLSX)').setInputFiles({ name: 'moka-mei.csv', mimeType: 'text/csv', buffer: moka.bytes });
  await upload.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${id}/migration/imports/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { name: 'moka-mei.csv', level: 1 })).toBeVisible();
  await expect(page.getByTestId('import-status')).toContainText('Completed', { timeout: 30_000 });
  await expect(page.getByTestId('figure-rowsRead').locator('dd')).toHaveText(String(rows));
  await expect(page.getByTestId('figure-rowsLoaded').locator('dd')).toHaveText(String(validRows));
  await expect(page.getByTestId('figure-rowsRejected').locator('dd')).toHaveText('3');
  await expect(page.getByTestId('import-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');

  // Rejects by reason, each reason in words, and the rejects file.
  const rejects = page.getByTestId('rejects');
  await expect(rejects.getByTestId('reject-reason')).toHaveCount(2);
  await expect(rejects.getByRole('row', { name: /bad_date/ })).toContainText('does not match the mapping');
  await expect(rejects.getByRole('row', { name: /bad_date/ }).getByRole('cell').nth(1)).toHaveText('1');
  await expect(rejects.getByRole('row', { name: /unknown_payment_method/ })).toContainText('neither a known method');
  await expect(rejects.getByRole('row', { name: /unknown_payment_method/ }).getByRole('cell').nth(1)).toHaveText('2');
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download rejects file/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('moka-mei.rejects.csv');
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  // One line per reject, at the rows the generator put its defects on.
  const records = parse(csv, { columns: true }) as { source_row: string; reason: string }[];
  expect(records.map((r) => [Number(r.source_row), r.reason])).toEqual(expectedRejects.map((r) => [r.row, r.reason]));

  // Back on the migration page: the import is listed; reconcile production.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Data migration' }).click();
  await expect(page.getByTestId('import-row')).toContainText('moka-mei.csv');
  await expect(page.getByTestId('import-row')).toContainText('Completed');
  await page.getByRole('button', { name: 'Reconcile Production' }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${id}/migration/reconciliations/[0-9a-f-]{36}$`));
  await expect(page.getByTestId('reconciliation-status')).toContainText('Matches', { timeout: 30_000 });
  await expect(page.getByText(`${days.length} outlet-days compared, 0 differ`)).toBeVisible();
  await expect(page.getByText(`${rows} rows read = ${validRows} loaded + 3 rejected`)).toBeVisible();
  await expect(page.getByTestId('days').getByTestId('day')).toHaveCount(days.length);

  // The pass is the evidence of data-migration.5, linked back to the reconciliation.
  await page.getByRole('link', { name: 'data-migration.5' }).click();
  const panel = page.getByRole('dialog', { name: 'Validation and reconciliation' });
  await expect(panel).toBeVisible();
  const evidence = panel.getByTestId('evidence-list');
  await expect(evidence).toContainText('Automated check');
  await expect(evidence).toContainText('Reconciliation of "moka-mei.csv" (production) passed');
  await expect(evidence.getByRole('link', { name: 'See the reconciliation' })).toBeVisible();

  // And "All data migrated accurately" is done: the reconciliation covered the latest production import.
  const criterion = await page.request.get(`/api/v1/deployments/${id}/items/success-business.4`);
  expect(((await criterion.json()) as { state: string }).state).toBe('done');
});
