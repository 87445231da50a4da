// Friendly messages for what is wrong in omni-dbt.yml: each says what was expected, what the file
// holds, and how to fix it. Pure functions of the key, the value and the text as written.
import { DBT_SETTING_KEYS, DBT_SETTINGS } from './dbt-settings.js';
import {
  DBT_VERSIONS,
  EXPOSURE_MATURITIES,
  IMPACT_FAIL_ON,
  PREVIEW_BRANCH_VARIABLE,
  PREVIEW_MARKER_VARIABLE,
  REFRESH_TIMEOUT_MINUTES,
  SETTING_KEYS,
  TEMPLATE_PLACEHOLDERS,
} from './schema.js';

/**
 * Which mapping of the file a key belongs to: `variables` is the NAME: value mapping of an
 * environment or preview, `variable` the `{ fromEnv, secret }` mapping of one variable.
 */
export type KeyScope =
  | 'file'
  | 'defaults'
  | 'connection'
  | 'environment'
  | 'preview'
  | 'impact'
  | 'variables'
  | 'variable'
  | 'exposures'
  | 'refreshSchedule';

const OVERRIDE_KEYS = ['targetDatabase', 'targetRole', 'targetName'] as const;

export const KNOWN_KEYS: Record<KeyScope, readonly string[]> = {
  file: ['version', 'defaults', 'connections', 'exposures'],
  defaults: [...SETTING_KEYS, 'pruneEnvironments', 'pruneSchemaRefreshSchedules'],
  connection: [
    'id',
    'name',
    ...SETTING_KEYS,
    'environments',
    'pruneEnvironments',
    'preview',
    'omniModels',
    'schemaRefreshSchedules',
    'pruneSchemaRefreshSchedules',
  ],
  environment: ['name', 'targetSchema', ...OVERRIDE_KEYS, 'variables'],
  preview: [
    'name',
    'targetSchema',
    ...OVERRIDE_KEYS,
    'variables',
    'omniModel',
    'omniBranch',
    'createBranch',
    'deleteBranch',
    'impact',
  ],
  impact: ['refresh', 'failOn', 'folders', 'labels', 'refreshTimeoutMinutes'],
  variables: [],
  variable: ['fromEnv', 'secret'],
  exposures: ['path', 'models', 'maturity'],
  refreshSchedule: ['schedule', 'timezone'],
};

/** The connection keys that are the connection's own, never shared through `defaults`. */
const CONNECTION_ONLY_KEYS = ['environments', 'preview', 'omniModels', 'schemaRefreshSchedules'];

/** A string that is a UUID but for its case or padding, as a model id copied by hand may be. */
const CONNECTION_ID_LIKE = /^\s*[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\s*$/i;

const ALLOWED_PLACEHOLDERS = TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/** Said wherever a secret value would be committed in the file. */
export const SECRET_IN_FILE_MESSAGE =
  'a value is never written in a mapping here: a secret committed to git is no secret. ' +
  "Write `{ fromEnv: NAME }` and set NAME where the run reads it: in a workflow, the step's `env:` from a GitHub secret " +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax, shown to the user.
  '(`NAME: ${{ secrets.NAME }}`); for omni-dbt, your shell. A value that is not secret is written as a plain string, `VARIABLE: value`';

const RESERVED_VARIABLE_MESSAGE =
  `\`${PREVIEW_MARKER_VARIABLE}\` is reserved: the action sets it on preview environments to recognise them ` +
  '(and deletes what it marks when the pull request closes); rename this variable';

const RESERVED_BRANCH_VARIABLE_MESSAGE =
  `\`${PREVIEW_BRANCH_VARIABLE}\` is reserved: the action sets it on a preview environment to record the Omni ` +
  'branch it created (and deletes only that branch when the pull request closes); rename this variable';

/** Said of a variable the file may not set: the marker, or the record of a created branch. */
export function explainReservedVariable(name: string): string {
  return name === PREVIEW_BRANCH_VARIABLE ? RESERVED_BRANCH_VARIABLE_MESSAGE : RESERVED_VARIABLE_MESSAGE;
}

/** Said of a preview key that works on the Omni branch of `omniModel` when `omniModel` is not there. */
export function explainMissingModel(key: string): string {
  return (
    `\`${key}\` needs \`omniModel\`: add the UUID of the Omni shared model whose branch shows the preview, ` +
    `or remove \`${key}\``
  );
}

export const DELETE_WITHOUT_CREATE_MESSAGE =
  '`deleteBranch: true` needs `createBranch: true`: the action deletes only an Omni branch it created itself ' +
  `(recorded in ${PREVIEW_BRANCH_VARIABLE}); set \`createBranch: true\`, or remove \`deleteBranch\``;

export const ROTATE_KEYS_MESSAGE =
  '`rotateKeys` is not allowed in the file: committed, it would rotate the deploy key on every apply. ' +
  'Remove it and set the action input `rotate-keys: true` for the one run that should rotate the key';

const SAMPLE_ID = '550e8400-e29b-41d4-a716-446655440000';
const SAMPLE_MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const MODEL_LIST_EXPECTED = `a list of at least one Omni shared model UUID (8-4-4-4-12 hex digits, like ${SAMPLE_MODEL_ID})`;
const OMNI_MODELS_EXPECTED = `a list of at least one UUID of an Omni shared model on this connection (8-4-4-4-12 hex digits, like ${SAMPLE_MODEL_ID})`;
const SCHEDULE_EXAMPLE = '`{ schedule: "0 6 * * ? *", timezone: Europe/Berlin }`';
const MATURITIES = EXPOSURE_MATURITIES.join(', ').replace(/, (?=[^,]*$)/, ' or ');

const EXPECTED: Record<string, string> = {
  version: 'the number 1 (the format version)',
  defaults: 'a mapping of settings shared by every connection',
  connections: 'a list of connections (at least one)',
  connection: "a mapping with the connection's `id` and its settings",
  id: `the connection's UUID, 8-4-4-4-12 hex digits like ${SAMPLE_ID}`,
  name: 'a non-empty string',
  ...Object.fromEntries(DBT_SETTING_KEYS.map((key) => [key, DBT_SETTINGS[key].expected])),
  pruneEnvironments: 'true or false',
  environments: 'a list of environments, each a mapping with `name` and `targetSchema`',
  environment: "a mapping with the environment's `name`, `targetSchema`, optional overrides and `variables`",
  preview: "a mapping with the `name` and `targetSchema` templates of each pull request's environment",
  'environment.name': "a non-empty string, the environment's name in Omni",
  'environment.targetSchema': 'a non-empty string, the schema the dbt models are built in',
  targetDatabase: 'a string, or null for no override',
  targetRole: 'a string, or null for no override',
  targetName: 'a string, or null for no override',
  variables: 'a mapping of dbt variables, NAME: value',
  variable: "a plain string, or `{ fromEnv: NAME }` to read the value from the step's environment",
  fromEnv:
    'the name of an environment variable of the step (letters, digits and _, not starting with a digit), like `fromEnv: DBT_API_KEY`',
  secret: 'true or false',
  omniModel: `the UUID of an Omni shared model, like ${SAMPLE_ID}`,
  'preview.name': `a non-empty template; it may use ${ALLOWED_PLACEHOLDERS}`,
  'preview.targetSchema': `a non-empty template; it may use ${ALLOWED_PLACEHOLDERS}`,
  'preview.targetDatabase': `a template that may use ${ALLOWED_PLACEHOLDERS}, or null for no override`,
  'preview.targetRole': `a template that may use ${ALLOWED_PLACEHOLDERS}, or null for no override`,
  'preview.targetName': `a template that may use ${ALLOWED_PLACEHOLDERS}, or null for no override`,
  'preview.omniBranch': `a non-empty template naming a branch of \`omniModel\`; it may use ${ALLOWED_PLACEHOLDERS}`,
  createBranch: 'true or false',
  deleteBranch: 'true or false',
  impact:
    "a mapping with the impact check's settings (`refresh`, `failOn`, `folders`, `labels`, `refreshTimeoutMinutes`), or `{}` for their defaults",
  refresh: 'true or false',
  failOn: `one of ${IMPACT_FAIL_ON.join(', ')}`,
  folders: 'a list of Omni folder paths, like `[/Finance]`',
  folder: 'an Omni folder path starting with "/", like /Finance or /Finance/Reports',
  labels: 'a list of Omni label names, like `[Verified]`',
  label: "a label's name as Omni shows it, not empty and without a comma",
  refreshTimeoutMinutes: `a whole number of minutes from ${REFRESH_TIMEOUT_MINUTES.min} to ${REFRESH_TIMEOUT_MINUTES.max}`,
  exposures: 'a mapping with the `path` of the dbt exposures file and the Omni `models` it comes from',
  path: 'a path relative to the workspace that ends in `.yml` or `.yaml`, e.g. `models/omni_exposures/omni_exposures.yml`',
  // One wording for the list and its entries: an editor shows the list's message on both (json-schema.ts).
  models: MODEL_LIST_EXPECTED,
  'exposures.model': MODEL_LIST_EXPECTED,
  maturity: `one of ${MATURITIES} (dbt's exposure maturity)`,
  // One wording for the list and its entries, as for `exposures.models`: an editor shows the list's on both.
  omniModels: OMNI_MODELS_EXPECTED,
  'connection.omniModel': OMNI_MODELS_EXPECTED,
  schemaRefreshSchedules: `a list of schedules, each ${SCHEDULE_EXAMPLE}`,
  refreshSchedule: `a mapping with \`schedule\` and \`timezone\`, like ${SCHEDULE_EXAMPLE}`,
  'refreshSchedule.schedule':
    'an AWS EventBridge cron of six fields, `minutes hours day-of-month month day-of-week year`, e.g. `"0 6 * * ? *"`',
  'refreshSchedule.timezone': 'an IANA time zone name, e.g. `Europe/Berlin`, `America/New_York` or `UTC`',
  pruneSchemaRefreshSchedules: 'true or false',
};

const settingsOfKind = (kind: 'string' | 'boolean') =>
  DBT_SETTING_KEYS.filter((key) => DBT_SETTINGS[key].kind === kind);

const STRING_KEYS = new Set([
  'id',
  'name',
  ...settingsOfKind('string'),
  'targetSchema',
  ...OVERRIDE_KEYS,
  'fromEnv',
  'omniModel',
  'omniBranch',
  'path',
  'maturity',
  'schedule',
  'timezone',
]);
const BOOLEAN_KEYS = new Set([
  ...settingsOfKind('boolean'),
  'pruneEnvironments',
  'secret',
  'createBranch',
  'deleteBranch',
  'refresh',
  'pruneSchemaRefreshSchedules',
]);
const TEMPLATE_KEYS = new Set(['name', 'targetSchema', ...OVERRIDE_KEYS, 'omniBranch']);

/** What EXPECTED says about `key` in `scope`: a scoped entry first (`preview.name`), then the plain one. */
function lookUpExpected(key: string, scope: KeyScope): string | undefined {
  if (scope === 'variables') return EXPECTED.variable;
  return EXPECTED[`${scope}.${key}`] ?? EXPECTED[key];
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** For a value that breaks its field's rule. `sourceText` is the scalar as written, if any. */
export function explainInvalidValue(
  key: string,
  value: unknown,
  sourceText: string | undefined,
  scope: KeyScope,
): string {
  if (key === 'rotateKeys') return ROTATE_KEYS_MESSAGE;
  if (key === 'connections' && Array.isArray(value) && value.length === 0) {
    return 'expected at least one connection: add an entry like `- id: <connection UUID>`';
  }
  if (scope === 'exposures' && key === 'models' && Array.isArray(value) && value.length === 0) {
    return `no model is listed: add the UUID of each Omni shared model whose dashboards should become exposures, e.g. \`models: [${SAMPLE_MODEL_ID}]\``;
  }
  if (key === 'omniModels' && Array.isArray(value) && value.length === 0) {
    return `no model is listed: add the UUID of each Omni shared model built on this connection, e.g. \`omniModels: [${SAMPLE_MODEL_ID}]\`, or remove \`omniModels\``;
  }
  const expected = lookUpExpected(key, scope) ?? 'a valid value';
  const hint = suggestFix(key, value, sourceText, scope);
  return `expected ${expected}, got ${describeValue(value)}${hint ? `; ${hint}` : ''}`;
}

/** The lists of Omni model ids, by where they stand, and the key an entry of each is reported under. */
const MODEL_LISTS = {
  exposures: { list: 'models', entry: 'model' },
  connection: { list: 'omniModels', entry: 'omniModel' },
} as const;

function suggestFix(
  key: string,
  value: unknown,
  sourceText: string | undefined,
  scope: KeyScope,
): string | undefined {
  const written = sourceText ?? String(value);
  if (scope === 'variables') return suggestVariableFix(key, value, written);
  if (scope === 'preview' && TEMPLATE_KEYS.has(key) && typeof value === 'string' && value !== '') {
    return suggestTemplateFix(value);
  }
  if (scope === 'variable' && key === 'fromEnv' && typeof value === 'string') {
    return value === ''
      ? 'give the name of the environment variable that holds the value'
      : 'environment variable names use letters, digits and _ only, and do not start with a digit';
  }
  if (scope === 'impact' || (scope === 'preview' && key === 'impact')) {
    const impactHint = suggestImpactFix(key, value, written);
    if (impactHint !== undefined) return impactHint;
  }
  if (scope === 'environment' && value === null && (key === 'name' || key === 'targetSchema')) {
    return `every environment needs a ${key === 'name' ? 'name' : 'target schema'}`;
  }
  if (key === 'version') {
    return typeof value === 'string' && value.trim() === '1'
      ? 'write it without quotes: `version: 1`'
      : 'this action reads format version 1: write `version: 1`';
  }
  if (key === 'dbtVersion') return suggestDbtVersion(value, written);
  const models = MODEL_LISTS[scope as keyof typeof MODEL_LISTS];
  if (models !== undefined && key === models.list && typeof value === 'string') {
    return CONNECTION_ID_LIKE.test(value)
      ? `write it as a list, \`${key}: [${value.trim()}]\``
      : `write a list of model UUIDs, e.g. \`${key}: [${SAMPLE_MODEL_ID}]\``;
  }
  if (models !== undefined && key === models.entry) {
    return "copy the id from the model's URL in Omni (`/models/<id>/…`), one UUID per entry";
  }
  if (key === 'refreshSchedule' && typeof value === 'string') {
    return `write the schedule with its zone, \`- { schedule: ${JSON.stringify(value.trim())}, timezone: UTC }\``;
  }
  if (key === 'maturity' && typeof value === 'string') {
    const sameIgnoringCase = EXPOSURE_MATURITIES.find((level) => level === value.trim().toLowerCase());
    if (sameIgnoringCase) return `write it in lower case: \`maturity: ${sameIgnoringCase}\``;
    return 'dbt knows only these three; leave `maturity` out to write none';
  }
  if (STRING_KEYS.has(key) && (typeof value === 'number' || typeof value === 'boolean')) {
    return `YAML reads unquoted ${written} as a ${typeof value}: quote it, \`${key}: "${written}"\``;
  }
  if (BOOLEAN_KEYS.has(key) && typeof value === 'string') {
    return ['true', 'false'].includes(value.toLowerCase())
      ? `write ${value.toLowerCase()} without quotes`
      : 'write true or false (YAML 1.2 reads yes/no/on/off as strings)';
  }
  if (value === '' || value === null) {
    if (key === 'name') return 'give it a value or remove `name`';
    if (scope === 'connection' && (key === 'sshUrl' || key === 'branch')) {
      return `give it a value, or remove \`${key}\` to use the one in \`defaults\``;
    }
    if (key === 'sshUrl' || key === 'branch') return 'give it a value';
  }
  if (key === 'projectRootPath' && typeof value === 'string') return suggestProjectRootPath(value);
  if (key === 'id' && typeof value === 'string') return suggestId(value);
  return undefined;
}

/** How to fix a value of the `impact` block (or the block itself). */
function suggestImpactFix(key: string, value: unknown, written: string): string | undefined {
  switch (key) {
    case 'impact':
      return value === null || value === true
        ? 'write `impact: {}` to check with the defaults (`impact:` with nothing after it is null)'
        : undefined;
    case 'failOn': {
      if (value === false) return 'write `failOn: none` to never fail the check for issues';
      const sameIgnoringCase = IMPACT_FAIL_ON.find(
        (option) => typeof value === 'string' && option === value.trim().toLowerCase(),
      );
      if (sameIgnoringCase) return `did you mean "${sameIgnoringCase}"?`;
      return '`new` fails on issues the pull request brings, `any` on every issue, `none` never for issues';
    }
    case 'refreshTimeoutMinutes':
      if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return 'write the number without quotes';
      if (typeof value === 'number' && !Number.isInteger(value)) {
        return `write whole minutes, e.g. \`refreshTimeoutMinutes: ${Math.max(REFRESH_TIMEOUT_MINUTES.min, Math.min(REFRESH_TIMEOUT_MINUTES.max, Math.ceil(value)))}\``;
      }
      return typeof value === 'number'
        ? `the check waits at least ${REFRESH_TIMEOUT_MINUTES.min} and at most ${REFRESH_TIMEOUT_MINUTES.max} minutes for Omni's refresh`
        : undefined;
    case 'folder':
      if (typeof value === 'number' || typeof value === 'boolean') return `quote it: "/${written}"`;
      if (value === '' || value === null) return "remove the empty entry, or write the folder's path";
      return typeof value === 'string'
        ? `folder paths start at the root: write "/${value.trim()}"`
        : undefined;
    case 'label':
      if (typeof value === 'number' || typeof value === 'boolean') return `quote it: "${written}"`;
      if (typeof value === 'string' && value.includes(',')) {
        return "Omni's labels parameter is comma-separated, so a label with a comma cannot be asked for: list each label on its own, or scope by `folders`";
      }
      return typeof value === 'string' || value === null
        ? "remove the empty entry, or write the label's name"
        : undefined;
    default:
      return undefined;
  }
}

function suggestVariableFix(name: string, value: unknown, written: string): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `YAML reads unquoted ${written} as a ${typeof value}: quote it, \`${name}: "${written}"\``;
  }
  if (value === null) return `write \`${name}: ""\` for an empty value, or remove the variable`;
  return undefined;
}

/** Names the first placeholder a template may not use, or the brace that is not closed. */
function suggestTemplateFix(template: string): string {
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      return `\`{${name}}\` is not a placeholder: use ${ALLOWED_PLACEHOLDERS}`;
    }
  }
  return `a brace is not part of a placeholder: braces may only enclose ${ALLOWED_PLACEHOLDERS}`;
}

function suggestDbtVersion(value: unknown, written: string): string | undefined {
  if (typeof value === 'number') {
    const asString = DBT_VERSIONS.find((version) => version === written);
    return asString
      ? `YAML reads unquoted ${written} as the number ${value}: quote it, \`dbtVersion: "${asString}"\``
      : `YAML reads unquoted ${written} as a number: quote one of the allowed values, e.g. \`dbtVersion: "1.11"\``;
  }
  if (typeof value === 'string') {
    const sameIgnoringCase = DBT_VERSIONS.find(
      (version) => version.toLowerCase() === value.trim().toLowerCase(),
    );
    if (sameIgnoringCase) return `did you mean "${sameIgnoringCase}"?`;
  }
  return undefined;
}

function suggestProjectRootPath(value: string): string {
  if (value.startsWith('/')) return 'remove the leading "/": the path is relative to the repository root';
  if (value.includes('..')) return 'the path must stay inside the repository: remove ".."';
  return 'remove the characters not allowed (only letters, digits, _, space, ".", "/" and "-")';
}

function suggestId(value: string): string | undefined {
  if (/^urn:uuid:/i.test(value)) return 'remove the `urn:uuid:` prefix';
  if (/^\{.*\}$/.test(value)) return 'remove the braces';
  return "copy the id from the connection's page in Omni";
}

/** For a required key that is absent; `scope` is where it was looked for. */
export function explainMissing(key: string, scope: KeyScope): string {
  if (scope === 'file' && key === 'version') return 'missing `version: 1` at the top of the file';
  if (scope === 'file' && key === 'connections') return 'missing `connections`: list at least one connection';
  if (key === 'id')
    return `missing \`id\`: every connection needs the UUID of its Omni connection, like \`id: ${SAMPLE_ID}\``;
  if (scope === 'environment') {
    return `missing \`${key}\`: every environment needs it (expected ${lookUpExpected(key, scope)})`;
  }
  if (scope === 'preview') {
    return `missing \`${key}\`: the \`preview\` block needs it (expected ${lookUpExpected(key, scope)})`;
  }
  if (scope === 'exposures') {
    return `missing \`${key}\`: the \`exposures\` block needs it (expected ${lookUpExpected(key, scope)})`;
  }
  if (scope === 'refreshSchedule') {
    return `missing \`${key}\`: every schedule needs its cron and its time zone (expected ${lookUpExpected(key, scope)})`;
  }
  if (scope === 'variable' && key === 'fromEnv') {
    return 'missing `fromEnv`: write `{ fromEnv: NAME }` with the name of the environment variable that holds the value';
  }
  return `missing \`${key}\`: set it in \`defaults\` or in this connection (expected ${EXPECTED[key] ?? 'a value'})`;
}

export function explainUnknownKey(key: string, scope: KeyScope): string {
  if (normalizeKey(key).startsWith('rotatekey')) return ROTATE_KEYS_MESSAGE;
  if (scope === 'variable' && /value/i.test(key)) return SECRET_IN_FILE_MESSAGE;
  const known = KNOWN_KEYS[scope];
  const suggestion = suggestKey(key, known);
  if (suggestion) return `unknown key \`${key}\`: did you mean \`${suggestion}\`?`;
  if (scope === 'file' && suggestKey(key, SETTING_KEYS)) {
    return `\`${key}\` is a connection setting: put it under \`defaults\` (for every connection) or under a connection`;
  }
  if ((scope === 'file' || scope === 'defaults') && suggestKey(key, CONNECTION_ONLY_KEYS)) {
    return `\`${key}\` belongs to each connection: put it under the connection it is for`;
  }
  if (scope === 'preview' && suggestKey(key, KNOWN_KEYS.impact)) {
    return `\`${key}\` belongs to the impact check: put it under \`impact\` (did you mean \`impact.${suggestKey(key, KNOWN_KEYS.impact)}\`?)`;
  }
  if (scope === 'impact' && suggestKey(key, KNOWN_KEYS.preview)) {
    return `\`${key}\` belongs to the \`preview\` block: put it beside \`impact\`, not under it`;
  }
  if (scope === 'defaults' && suggestKey(key, ['id', 'name'])) {
    return `\`${key}\` belongs to each connection, not to \`defaults\``;
  }
  return `unknown key \`${key}\`: the keys allowed here are ${known.map((k) => `\`${k}\``).join(', ')}`;
}

/**
 * The known key that `key` most likely meant: same letters ignoring case and `_`/`-`, or a typo away
 * (`maxDistance` edits; by default 2 for words of six letters or more, else 1).
 */
export function suggestKey(key: string, known: readonly string[], maxDistance?: number): string | undefined {
  const normalized = normalizeKey(key);
  const exact = known.find((candidate) => normalizeKey(candidate) === normalized);
  if (exact) return exact;
  const tolerance = maxDistance ?? (normalized.length >= 6 ? 2 : 1);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = measureEditDistance(normalized, normalizeKey(candidate));
    if (distance <= tolerance && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance, two rows. */
function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** What a key's value must be, worded as the messages above say it after "expected"; undefined for keys it has none for. */
export function describeExpected(key: string): string | undefined {
  return EXPECTED[key];
}
