import { defineConfig } from 'vitest/config';

/**
 * Two tiers over the same tests: every test on PGlite (always), and the database tests
 * (`*.db.test.ts`) again on PostgreSQL when TEST_DATABASE_URL is set (mandatory in CI).
 */
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  globalSetup: ['tests/helpers/global-setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'pglite',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          env: { GOLIVE_TEST_DB: 'pglite' },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: ['src/**/*.db.test.ts', 'tests/**/*.db.test.ts'],
                env: { GOLIVE_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
