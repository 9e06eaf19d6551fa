import { defineConfig, devices } from '@playwright/test';

const PORT = 3917;
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * Browser journeys against the real app: the built web UI served by the API server on a
 * fresh embedded database. Runs in Debian's Chromium; Playwright never downloads a browser.
 */
export default defineConfig({
  // This file lives in e2e/, so the tests are in this directory.
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    headless: true,
    locale: 'en-GB',
    timezoneId: 'Asia/Jakarta',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    },
  },
  // One server and database for the run: the journey sets up the workspace on first run,
  // the other specs sign in as its owner, so they depend on it.
  projects: [
    { name: 'journey', testMatch: 'journey.spec.ts' },
    { name: 'item-panel', testMatch: 'item-panel.spec.ts', dependencies: ['journey'] },
    { name: 'team', testMatch: 'team.spec.ts', dependencies: ['journey'] },
    { name: 'checks', testMatch: 'checks.spec.ts', dependencies: ['journey'] },
    { name: 'migration', testMatch: 'migration.spec.ts', dependencies: ['journey'] },
  ],
  webServer: {
    command: 'npm run build:web --silent && node e2e/start-server.mjs',
    cwd: '..',
    url: `${baseURL}/readyz`,
    env: { PORT: String(PORT) },
    reuseExistingServer: false,
    // SIGTERM lets the server close its database and remove the temporary data directory.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
