// Friendly messages for what is wrong in omni-dbt.yml: each says what was expected, what the file
// holds, and how to fix it. Pure functions of the key, the value and the text as written.
import { DBT_VERSIONS, SETTING_KEYS } from './schema.js';

/** Which mapping of the file a key belongs to. */
export type KeyScope = 'file' | 'defaults' | 'connection';

export const KNOWN_KEYS: Record<KeyScope, readonly string[]> = {
  file: ['version', 'defaults', 'connections'],
  defaults: SETTING_KEYS,
  connection: ['id', 'name', ...SETTING_KEYS],
};

export const ROTATE_KEYS_MESSAGE =
  '`rotateKeys` is not allowed in the file: committed, it would rotate the deploy key on every apply. ' +
  'Remove it and set the action input `rotate-keys: true` for the one run that should rotate the key';

const SAMPLE_ID = '550e8400-e29b-41d4-a716-446655440000';

const EXPECTED: Record<string, string> = {
  version: 'the number 1 (the format version)',
  defaults: 'a mapping of settings shared by every connection',
  connections: 'a list of connections (at least one)',
  connection: "a mapping with the connection's `id` and its settings",
  id: `the connection's UUID, 8-4-4-4-12 hex digits like ${SAMPLE_ID}`,
  name: 'a non-empty string',
  sshUrl: 'a non-empty string, the SSH URL of the dbt repository, like git@github.com:acme/analytics.git',
  branch: 'a non-empty string, the git branch Omni reads',
  autogenRelationships: 'true or false',
  enableVirtualSchemas: 'true or false',
  enableSemanticLayer: 'true or false',
  dbtVersion: `one of ${DBT_VERSIONS.map((v) => `"${v}"`).join(', ')} or null`,
  projectRootPath:
    'a relative path inside the repository (letters, digits, _, space, ".", "/" and "-"; no leading "/", no ".."), "" or null',
};

const STRING_KEYS = new Set(['id', 'name', 'sshUrl', 'branch', 'dbtVersion', 'projectRootPath']);
const BOOLEAN_KEYS = new Set(['autogenRelationships', 'enableVirtualSchemas', 'enableSemanticLayer']);

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
  const expected = EXPECTED[key] ?? 'a valid value';
  const hint = suggestFix(key, value, sourceText, scope);
  return `expected ${expected}, got ${describeValue(value)}${hint ? `; ${hint}` : ''}`;
}

function suggestFix(
  key: string,
  value: unknown,
  sourceText: string | undefined,
  scope: KeyScope,
): string | undefined {
  const written = sourceText ?? String(value);
  if (key === 'version') {
    return typeof value === 'string' && value.trim() === '1'
      ? 'write it without quotes: `version: 1`'
      : 'this action reads format version 1: write `version: 1`';
  }
  if (key === 'dbtVersion') return suggestDbtVersion(value, written);
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
  return `missing \`${key}\`: set it in \`defaults\` or in this connection (expected ${EXPECTED[key] ?? 'a value'})`;
}

export function explainUnknownKey(key: string, scope: KeyScope): string {
  if (normalizeKey(key).startsWith('rotatekey')) return ROTATE_KEYS_MESSAGE;
  const known = KNOWN_KEYS[scope];
  const suggestion = suggestKey(key, known);
  if (suggestion) return `unknown key \`${key}\`: did you mean \`${suggestion}\`?`;
  if (scope === 'file' && suggestKey(key, SETTING_KEYS)) {
    return `\`${key}\` is a connection setting: put it under \`defaults\` (for every connection) or under a connection`;
  }
  if (scope === 'defaults' && suggestKey(key, ['id', 'name'])) {
    return `\`${key}\` belongs to each connection, not to \`defaults\``;
  }
  return `unknown key \`${key}\`: the keys allowed here are ${known.map((k) => `\`${k}\``).join(', ')}`;
}

/** The known key that `key` most likely meant: same letters ignoring case and `_`/`-`, or a typo away. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const normalized = normalizeKey(key);
  const exact = known.find((candidate) => normalizeKey(candidate) === normalized);
  if (exact) return exact;
  const tolerance = normalized.length >= 6 ? 2 : 1;
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
