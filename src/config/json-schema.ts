// The JSON Schema of omni-dbt.yml for editors (yaml-language-server, VS Code), generated from the
// zod file schema so the two cannot drift; committed as schema/omni-dbt.schema.json.
import { z } from 'zod';
import { configFileSchema } from './schema.js';

/** Where the schema is committed, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_PATH = 'schema/omni-dbt.schema.json';

export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configFileSchema, { target: 'draft-2020-12', io: 'input' });
  // A URN: the schema's published URL depends on where the action is released.
  return { $schema: generated.$schema, $id: 'urn:omni-dbt-action:omni-dbt.yml:v1', ...generated };
}

/** The committed file's exact text: 2-space JSON and a trailing newline. */
export function formatConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
