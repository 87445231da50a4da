// Writes schema/omni-dbt.schema.json from the zod schema: `npm run schema` (from the repository root).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_JSON_SCHEMA_PATH, formatConfigJsonSchema } from './json-schema.js';

const target = resolve(process.cwd(), CONFIG_JSON_SCHEMA_PATH);
writeFileSync(target, formatConfigJsonSchema());
console.log(`wrote ${target}`);
