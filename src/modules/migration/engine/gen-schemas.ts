import { MAPPING_SCHEMA_FILE, writeMappingJsonSchema } from './mapping-json-schema.ts';

// `npm run gen:schemas`: rewrite the published JSON Schemas from their zod sources.
writeMappingJsonSchema();
process.stdout.write(`wrote ${MAPPING_SCHEMA_FILE}\n`);
