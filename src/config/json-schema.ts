// The JSON Schema of omni-dbt.yml for editors (yaml-language-server, VS Code), generated from the
// zod file schema so the two cannot drift; committed as schema/omni-dbt.schema.json.
import { z } from 'zod';
import { configFileSchema } from './schema.js';

/** Where the schema is committed, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_PATH = 'schema/omni-dbt.schema.json';

/** Where the schema is published: the file at the action's major tag, as the README's `$schema=` line says. */
export const CONFIG_JSON_SCHEMA_URL =
  'https://raw.githubusercontent.com/omni-dbt/omni-dbt-action/v1/schema/omni-dbt.schema.json';

export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configFileSchema, { target: 'draft-2020-12', io: 'input' });
  return { $schema: generated.$schema, $id: CONFIG_JSON_SCHEMA_URL, ...generated };
}

/** The committed file's exact text: 2-space JSON and a trailing newline. */
export function formatConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
