import { expect, test, type Page } from '@playwright/test';
import { OWNER } from './owner.ts';

/**
 * Running a deployment team without the API: as the owner, add a client organisation and one
 * of its people, create a deployment for that client, put the person on the team as IT
 * Director, then take them off again. Runs after the journey, as the owner it created.
 */

const CLIENT = 'Bakmi Nusantara';
const PERSON = { name: 'Sari Wulandari', email: 'sari@bakminusantara.example', password: 'sari-long-password' };

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test('owner adds a client and a client user, then adds them to and removes them from a deployment team', async ({ page }) => {
  expect((await page.request.post('/api/v1/session', { data: { email: OWNER.email, password: OWNER.password } })).status()).toBe(204);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page).toHaveURL(/\/people$/);
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await expect(page.getByTestId('people-table').getByRole('row', { name: new RegExp(OWNER.displayName) })).toContainText('Owner');

  // A client organisation.
  const orgs = page.getByRole('region', { name: 'Organisations' });
  await orgs.getByLabel('Client name').fill(CLIENT);
  await orgs.getByRole('button', { name: 'Add client' }).click();
  await expect(orgs.getByRole('status')).toHaveText(`${CLIENT} was added.`);
  await expect(page.getByTestId('organization-list').getByRole('listitem').filter({ hasText: CLIENT })).toContainText('Client');

  // One of its people: a client organisation offers only the client-user role.
  await page.getByRole('button', { name: 'Add a person' }).click();
  const form = page.getByRole('region', { name: 'Add a person' });
  const role = form.getByLabel('Workspace role');
  await form.getByLabel('Organisation', { exact: true }).selectOption({ label: `${CLIENT} (Client)` });
  await expect(role.locator('option')).toHaveText(['Client user']);
  await form.getByLabel('Organisation', { exact: true }).selectOption({ label: `${OWNER.workspaceName} (Vendor)` });
  await expect(role.locator('option')).toHaveText(['Vendor staff', 'Admin', 'Owner']);
  await form.getByLabel('Organisation', { exact: true }).selectOption({ label: `${CLIENT} (Client)` });
  const fill = async () => {
    await form.getByLabel('Name', { exact: true }).fill(PERSON.name);
    await form.getByLabel('Email').fill(PERSON.email);
    await form.getByLabel('Initial password').fill(PERSON.password);
    await form.getByRole('button', { name: 'Add person' }).click();
  };
  await fill();
  await expect(form.getByRole('status')).toHaveText(`${PERSON.name} was added to ${CLIENT}.`);
  const row = page.getByTestId('people-table').getByRole('row', { name: new RegExp(PERSON.name) });
  await expect(row).toContainText('Client user');
  await expect(row).toContainText(CLIENT);

  // The same email again: the server's 409, said plainly at the field.
  await fill();
  await expect(form.getByRole('alert')).toContainText('Someone with this email already has an account.');
  await expect(form.getByRole('alert')).toContainText(`An account with email ${PERSON.email} already exists.`);
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  await page.setViewportSize({ width: 375, height: 812 });
  await noSidewaysScroll(page);
  await page.screenshot({ path: '/tmp/golive-people-375.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // A deployment for the client.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
  await page.getByRole('button', { name: 'New deployment' }).click();
  await page.getByLabel('Deployment name').fill('Bakmi Nusantara rollout');
  await page.getByLabel('Client name').fill(CLIENT);
  await page.getByLabel('Kickoff date').fill('2027-01-11');
  await page.getByRole('button', { name: 'Create deployment' }).click();
  await expect(page.getByRole('heading', { name: 'Bakmi Nusantara rollout', level: 1 })).toBeVisible();

  // The creator is on the team; the client user joins as IT Director (client-side roles only).
  const team = page.getByTestId('team');
  await expect(team.getByTestId('member')).toHaveCount(1);
  await expect(team.getByTestId('member')).toContainText('Solutions Architect');
  await team.getByText('Add a team member').click();
  await team.getByLabel('Person').selectOption({ label: `${PERSON.name} — ${PERSON.email}` });
  await expect(team.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['IT Director', 'Business Sponsor', 'Super Admin Users (3-5)', 'Pilot users (10+)']);
  await team.getByLabel('Role', { exact: true }).selectOption({ label: 'IT Director' });
  await team.getByRole('button', { name: 'Add to team' }).click();
  await expect(team.getByRole('status').filter({ hasText: `${PERSON.name} joined the team as IT Director.` })).toBeVisible();
  const member = team.getByTestId('member').filter({ hasText: PERSON.name });
  await expect(member).toContainText('IT Director');
  await expect(member).toContainText(PERSON.email);
  await expect(team.getByTestId('member')).toHaveCount(2);

  // Remove, with a confirm step (Cancel has focus, so Enter does no harm).
  await page.setViewportSize({ width: 375, height: 812 });
  await member.getByRole('button', { name: `Remove ${PERSON.name}` }).click();
  await expect(member.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await noSidewaysScroll(page);
  await team.screenshot({ path: '/tmp/golive-team-375.png' });
  await member.getByRole('button', { name: 'Remove from team' }).click();
  await expect(member).toHaveCount(0);
  await expect(team.getByRole('status').filter({ hasText: `${PERSON.name} was removed from the team.` })).toBeVisible();
  await expect(team.getByTestId('member')).toHaveCount(1);
});
