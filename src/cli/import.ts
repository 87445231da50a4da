// Pure: builds the omni-dbt.yml that adopts existing connections as they are, from their live dbt
// configuration. Settings every connection shares go into `defaults`; the rest stay per connection.
import { Document, isPair, isScalar, Scalar, visit } from 'yaml';
import type { z } from 'zod';
import { DBT_SETTING_KEYS, DBT_SETTINGS, DBT_VERSIONS } from '../config/dbt-settings.js';
import { formatIssue, loadConfig } from '../config/load.js';
import type { LiveDbtConfig } from '../omni/dbt.js';
import { DBT_FIELDS, diffDbtConfig, normaliseField } from '../plan/diff.js';

export interface ImportEntry {
  connectionId: string;
  name?: string;
  live: LiveDbtConfig;
}

export type BuildImportResult =
  | { ok: true; yaml: string; warnings: string[] }
  /** One message per connection that cannot be adopted; nothing should be written. */
  | { ok: false; errors: string[] };

type Settings = Record<string, string | boolean>;

function describeEntry(entry: ImportEntry): string {
  return entry.name === undefined ? entry.connectionId : `${entry.name} (${entry.connectionId})`;
}

/** The settings to write for one connection, or why it cannot be imported. */
function extractSettings(entry: ImportEntry): { settings: Settings; warnings: string[] } | { error: string } {
  const { live } = entry;
  const who = describeEntry(entry);
  if (!live.supportsDbt) {
    return {
      error: `${who}: this connection's database does not support dbt (Omni says: "${live.message}").`,
    };
  }
  if (!live.isConfigured) {
    return {
      error: `${who}: dbt is not configured on this connection yet, so there is nothing to import. Add it to omni-dbt.yml by hand and let apply create it.`,
    };
  }
  const warnings: string[] = [];
  const settings: Settings = {};
  for (const key of DBT_SETTING_KEYS) {
    const setting: { contractDefault?: unknown; file: z.ZodType } = DBT_SETTINGS[key];
    // Omni's equivalent values are one (README, "What a run does"): "" is null, a null dbtVersion "Auto".
    const value = normaliseField(key, live[key]);
    // A value equal to the contract's null default says nothing: leaving the key out says the same, quietly.
    if (value === null && setting.contractDefault === null) continue;
    if (setting.file.safeParse(value).success) {
      settings[key] = value as string | boolean;
      continue;
    }
    // The GET contract types some settings more loosely (dbtVersion: any string) than the PUT body.
    warnings.push(
      `${who}: Omni reports ${key} ${JSON.stringify(value)}, which the PUT body does not accept${key === 'dbtVersion' ? ` (${DBT_VERSIONS.join(', ')})` : ''}; it was left out of the file, so it is neither compared nor changed.`,
    );
  }
  return { settings, warnings };
}

/** Splits the settings into those all connections share (defaults) and the rest. */
function factorDefaults(all: Settings[]): { defaults: Settings; rest: Settings[] } {
  // One connection has nothing to share: its settings read better beside its id.
  if (all.length < 2) return { defaults: {}, rest: all };
  const defaults: Settings = {};
  for (const key of DBT_FIELDS) {
    const values = all.map((settings) => settings[key]);
    const first = values[0];
    if (first !== undefined && values.every((value) => value === first)) defaults[key] = first;
  }
  const rest = all.map((settings) =>
    Object.fromEntries(Object.entries(settings).filter(([key]) => !(key in defaults))),
  );
  return { defaults, rest };
}

function orderSettings(settings: Settings): Settings {
  const ordered: Settings = {};
  for (const key of DBT_FIELDS) {
    const value = settings[key];
    if (value !== undefined) ordered[key] = value;
  }
  return ordered;
}

function renderYaml(entries: ImportEntry[], defaults: Settings, rest: Settings[]): string {
  const data: Record<string, unknown> = { version: 1 };
  if (Object.keys(defaults).length > 0) data.defaults = orderSettings(defaults);
  data.connections = entries.map((entry, index) => ({
    id: entry.connectionId,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    ...orderSettings(rest[index] ?? {}),
  }));
  const document = new Document(data);
  // Quoted always, so that nobody later "fixes" it into `dbtVersion: 1.10`, which YAML reads as 1.1.
  visit(document, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'dbtVersion' && isScalar(pair.value)) {
        pair.value.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const count = entries.length;
  document.commentBefore =
    ` Written by \`omni-dbt import\` from the live dbt configuration of ${count} connection${count === 1 ? '' : 's'}.\n` +
    ' `omni-dbt plan` reports each one unchanged until this file or Omni changes.';
  return document.toString({ lineWidth: 0 });
}

/**
 * Builds the file to be written at `file` (named in messages). The result is checked by loading it back the way the action will: every
 * connection must load and plan as `unchanged`, or the import reports why it cannot adopt it.
 */
export function buildImportDocument(entries: ImportEntry[], file = 'omni-dbt.yml'): BuildImportResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const all: Settings[] = [];
  for (const entry of entries) {
    const extracted = extractSettings(entry);
    if ('error' in extracted) {
      errors.push(extracted.error);
      continue;
    }
    warnings.push(...extracted.warnings);
    all.push(extracted.settings);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) return { ok: false, errors: ['No connection to import.'] };

  const { defaults, rest } = factorDefaults(all);
  const yaml = renderYaml(entries, defaults, rest);

  const loaded = loadConfig(yaml, file);
  if (!loaded.ok) {
    // Omni holds a value the file format refuses (an empty branch, say): say which, write nothing.
    const problems = loaded.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
    return {
      ok: false,
      errors: [`The live configuration cannot be written as a valid omni-dbt.yml:`, ...problems],
    };
  }
  for (const [index, connection] of loaded.config.connections.entries()) {
    const entry = entries[index];
    if (entry === undefined) continue;
    const plan = diffDbtConfig(connection.body, entry.live);
    if (!plan.ok || plan.action !== 'unchanged') {
      const fields = plan.ok ? plan.changes.map((change) => change.field).join(', ') : plan.error;
      errors.push(`${describeEntry(entry)}: the written file would not match Omni (${fields}).`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, yaml, warnings: [...warnings, ...loaded.warnings.map(formatIssue)] };
}
