import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema.ts', './src/db/schema-checks.ts', './src/db/schema-migration.ts'],
  out: './src/db/migrations',
});
