import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { mappingSchema } from './mapping.ts';

/** Where the published JSON Schema of the mapping file lives (editors validate mappings with it). */
export const MAPPING_SCHEMA_FILE = fileURLToPath(new URL('../../../../docs/schemas/import-mapping.schema.json', import.meta.url));

/** The JSON Schema of what users write (defaults optional), generated from mappingSchema. */
export function mappingJsonSchemaText(): string {
  const schema = z.toJSONSchema(mappingSchema, { io: 'input', target: 'draft-2020-12' });
  const doc = {
    ...schema,
    title: 'Golive import mapping',
    description: 'How one legacy POS export (CSV or XLSX) becomes canonical sales lines: `golive import --mapping <file>`. See docs/migration.md, "Mapping file".',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `npm run gen:schemas` */
export function writeMappingJsonSchema(): void {
  fs.mkdirSync(path.dirname(MAPPING_SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(MAPPING_SCHEMA_FILE, mappingJsonSchemaText());
}
