// The JSON Schema of omni-dbt.yml for editors (yaml-language-server, VS Code), generated from the
// zod file schema so the two cannot drift; committed as schema/omni-dbt.schema.json.
import { z } from 'zod';
import { describeExpected, ROTATE_KEYS_MESSAGE } from './messages.js';
import { configFileSchema } from './schema.js';

/** Where the schema is committed, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_PATH = 'schema/omni-dbt.schema.json';

/** Where the schema is published: the file at the action's major tag, as the README's `$schema=` line says. */
export const CONFIG_JSON_SCHEMA_URL =
  'https://raw.githubusercontent.com/omni-dbt/omni-dbt-action/v1/schema/omni-dbt.schema.json';

type JsonSchema = Record<string, unknown>;

/** How to fix a wrong value, after what was expected, as the action's messages say it (messages.ts). */
const EDITOR_FIX_HINTS: Record<string, string> = {
  version: 'write `version: 1`',
  id: "copy the id from the connection's page in Omni (quote it if it is all digits)",
  name: 'quote it if YAML would read it as a number, e.g. `name: "2024"`',
  sshUrl: 'give it a value, e.g. `sshUrl: git@github.com:acme/analytics.git`',
  branch: 'quote it if YAML would read it as a number, e.g. `branch: "2024"`',
  dbtVersion: 'quote it: YAML reads unquoted 1.10 as the number 1.1, so write `dbtVersion: "1.10"`',
  projectRootPath: 'the path is relative to the repository root and stays inside it',
  autogenRelationships: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  enableVirtualSchemas: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  enableSemanticLayer: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  createBranch: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  deleteBranch: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  refresh: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  failOn: '`new` fails on issues the pull request brings, `any` on every issue, `none` never for issues',
  folder: 'folder paths start at the root, e.g. `/Finance`',
  label: "write the label's name, without commas (Omni's labels parameter is comma-separated)",
  path: 'write it relative to the repository root, without `..`, with `/` between folders',
  models: "copy each id from the model's URL in Omni",
  maturity: 'write it in lower case, e.g. `maturity: medium`',
  omniModels: "copy each id from the model's URL in Omni",
  pruneSchemaRefreshSchedules: 'write true or false without quotes (YAML 1.2 reads yes/no/on/off as strings)',
  'refreshSchedule.schedule':
    'six fields with `?` in day-of-month or day-of-week, quoted (a cron starting with `*` is YAML syntax otherwise)',
  'refreshSchedule.timezone': 'write the zone as the IANA database spells it',
};

/**
 * The keys of the `preview` and `impact` blocks that carry the action's message in editors. Not
 * `refreshTimeoutMinutes`: the server words `minimum`/`maximum` failures itself, whatever the errorMessage.
 */
const PREVIEW_MESSAGE_KEYS = new Set(['createBranch', 'deleteBranch', 'refresh', 'failOn']);

/** The message an editor shows for a wrong value of the setting `key`: the action's "expected …; how to fix" wording. */
export function describeEditorMessage(key: string): string | undefined {
  if (key === 'rotateKeys') return ROTATE_KEYS_MESSAGE;
  const expected = describeExpected(key);
  const hint = EDITOR_FIX_HINTS[key];
  return expected === undefined || hint === undefined ? undefined : `expected ${expected}; ${hint}`;
}

const NON_EMPTY_PATTERN = '[\\s\\S]';

/** The schema itself and, for an `anyOf`, each alternative: whichever one an editor reports speaks the action's words. */
function listMessageCarriers(schema: JsonSchema): JsonSchema[] {
  const alternatives = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : [];
  return [schema, ...alternatives];
}

/**
 * Adds the keywords the YAML language server (VS Code's YAML extension) shows instead of its generic
 * texts: `errorMessage` and `patternErrorMessage` for a wrong value, `markdownDescription` on hover
 * (https://github.com/redhat-developer/yaml-language-server#using-inlined-schema). Other validators ignore
 * unknown keywords, so what the schema accepts does not change.
 */
function addEditorMessages(
  properties: Record<string, JsonSchema>,
  messageKeys?: ReadonlySet<string>,
  scope?: string,
): void {
  for (const [name, property] of Object.entries(properties)) {
    // A key of an entry (a schedule's `schedule`) is worded as the action words it in that scope.
    const key = scope === undefined ? name : `${scope}.${name}`;
    if (typeof property.description === 'string') property.markdownDescription = property.description;
    // A list of plain values (folders, labels): the message about a wrong entry goes on its items.
    const items = property.items as JsonSchema | undefined;
    const itemMessage = describeEditorMessage(key.replace(/s$/, ''));
    if (property.type === 'array' && items?.type === 'string' && itemMessage !== undefined) {
      Object.assign(items, { errorMessage: itemMessage, patternErrorMessage: itemMessage });
    }
    // On a mapping or a list, errorMessage would also replace the messages about its entries.
    if (property.type === 'object' || property.type === 'array') continue;
    if (messageKeys !== undefined && !messageKeys.has(name)) continue;
    const message = describeEditorMessage(key);
    if (message === undefined) continue;
    if (key === 'rotateKeys') {
      // `not: {}` is what the spec means, but the language server reports it as "Matches a schema that is
      // not allowed" whatever the errorMessage; a type no value has beside it shows the message instead.
      Object.assign(property, { type: 'null', not: { type: 'null' }, errorMessage: message });
      continue;
    }
    for (const carrier of listMessageCarriers(property)) {
      carrier.errorMessage = message;
      // The server words `minLength` failures itself; "contains a character" is the same rule as minLength 1.
      if (carrier.minLength === 1) {
        delete carrier.minLength;
        carrier.pattern = NON_EMPTY_PATTERN;
      }
      if (typeof carrier.pattern === 'string') carrier.patternErrorMessage = message;
    }
  }
}

export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configFileSchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  const properties = generated.properties as Record<string, JsonSchema>;
  const defaults = properties.defaults as { properties: Record<string, JsonSchema> };
  const connection = (properties.connections as { items: { properties: Record<string, JsonSchema> } }).items;
  const exposures = properties.exposures as { properties: Record<string, JsonSchema> };
  for (const level of [properties, defaults.properties, connection.properties, exposures.properties]) {
    addEditorMessages(level);
  }
  // The preview block keeps the editor's own words for its templates; its branch and impact keys speak the action's.
  const preview = connection.properties.preview as { properties: Record<string, JsonSchema> };
  const impact = preview.properties.impact as { properties: Record<string, JsonSchema> };
  for (const level of [preview.properties, impact.properties]) addEditorMessages(level, PREVIEW_MESSAGE_KEYS);
  // The lists whose entries are plain values, the exposures' models and a connection's shared models (mode:
  // refresh): the message covers the list (empty, repeated) and each id.
  for (const [key, properties] of [
    ['models', exposures.properties],
    ['omniModels', connection.properties],
  ] as const) {
    const list = properties[key] as JsonSchema & { items: JsonSchema };
    const message = describeEditorMessage(key);
    Object.assign(list, { errorMessage: message });
    Object.assign(list.items, { errorMessage: message, patternErrorMessage: message });
  }
  // A schedule's two fields.
  const schedules = connection.properties.schemaRefreshSchedules as {
    items: { properties: Record<string, JsonSchema> };
  };
  addEditorMessages(schedules.items.properties, undefined, 'refreshSchedule');
  return { $schema: generated.$schema, $id: CONFIG_JSON_SCHEMA_URL, ...generated };
}

/** The committed file's exact text: 2-space JSON and a trailing newline. */
export function formatConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
