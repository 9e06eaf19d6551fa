import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAPPING_SCHEMA_FILE, mappingJsonSchemaText } from './mapping-json-schema.ts';

describe('docs/schemas/import-mapping.schema.json', () => {
  it('is what mappingSchema generates (run `npm run gen:schemas` after changing mapping.ts)', () => {
    const committed = fs.existsSync(MAPPING_SCHEMA_FILE) ? fs.readFileSync(MAPPING_SCHEMA_FILE, 'utf8') : '(missing)';
    expect(committed, 'docs/schemas/import-mapping.schema.json is stale: run `npm run gen:schemas` and commit it').toBe(mappingJsonSchemaText());
  });

  it('describes the fields users write, with their documentation', () => {
    const schema = JSON.parse(mappingJsonSchemaText());
    expect(schema.required).toEqual(expect.arrayContaining(['sourceSystem', 'format', 'dates', 'columns']));
    expect(schema.required).not.toContain('numbers'); // defaults are optional to write
    expect(schema.properties.dates.properties.format.description).toMatch(/Unicode date-field tokens/);
    expect(schema.properties.paymentMethods.additionalProperties.enum).toContain('qris');
  });
});
