// Pure: builds the omni-dbt.yml that adopts existing connections as they are, from their live dbt
// configuration, shared dbt environments and schema refresh schedules. Settings every connection shares go
// into `defaults`; the rest stay per connection. Secret variables become `{ fromEnv: NAME }`: Omni never
// answers their values.
import { Document, isPair, isScalar, Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import { checkEventBridgeCron, checkTimeZone, schedulePairKey } from '../core/config/cron.js';
import { DBT_SETTING_KEYS, DBT_SETTINGS, DBT_VERSIONS } from '../core/config/dbt-settings.js';
import { formatIssue, loadConfig } from '../core/config/load.js';
import { ENV_NAME_PATTERN, PREVIEW_MARKER_VARIABLE } from '../core/config/schema.js';
import type { ConnectionConfig } from '../core/config/types.js';
import type { LiveDbtConfig } from '../core/omni/dbt.js';
import type { LiveEnvironment } from '../core/omni/environments.js';
import { DBT_FIELDS, diffDbtConfig, normaliseField } from '../core/plan/diff.js';
import { planEnvironments, resolveEnvironment } from '../core/plan/environments.js';
import { describeSchedulePair, type LiveSchedule, planSchedules } from '../core/plan/schedules.js';
import { plural } from '../core/plural.js';

type EnvironmentConfigList = NonNullable<ConnectionConfig['environments']>;

export interface ImportEntry {
  connectionId: string;
  name?: string;
  live: LiveDbtConfig;
  /** Every environment Omni lists for the connection (personal ones included); absent: not read, not written. */
  environments?: LiveEnvironment[];
  /** Every schema refresh schedule Omni lists for the connection, disabled ones included; absent: not read. */
  schedules?: LiveSchedule[];
}

/** A schedule as written: the pair, and whether Omni holds it disabled (said in a comment beside it). */
interface ScheduleData {
  schedule: string;
  timezone: string;
  isDisabled: boolean;
}

/** An environment as written: the file's keys, in the file's order. */
type EnvironmentData = Record<string, string | Record<string, string | { fromEnv: string }>>;

export type BuildImportResult =
  /** `scheduleCount`: the schedules written, over every connection. */
  | { ok: true; yaml: string; warnings: string[]; scheduleCount: number }
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

/** A name GitHub's `env:` and a shell accept, made from a variable's name. */
function toEnvName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_');
  return ENV_NAME_PATTERN.test(name) ? name : `_${name}`;
}

/**
 * Names the step's environment variable of each secret: the variable's own name, unless several secrets
 * of the file share it. Their values may differ, and one name would send one value to all of them.
 */
function nameSecrets(secrets: { key: string; variable: string; environment: string }[]): Map<string, string> {
  const countOf = (names: string[], name: string) => names.filter((candidate) => candidate === name).length;
  const bases = secrets.map((secret) => toEnvName(secret.variable));
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [index, secret] of secrets.entries()) {
    const base = bases[index] as string;
    const candidate =
      countOf(bases, base) === 1 ? base : `${base}_${toEnvName(secret.environment).toUpperCase()}`;
    let name = candidate;
    for (let suffix = 2; taken.has(name); suffix += 1) name = `${candidate}_${suffix}`;
    taken.add(name);
    names.set(secret.key, name);
  }
  return names;
}

function isPreviewEnvironment(environment: LiveEnvironment): boolean {
  return environment.variables.some((variable) => variable.name === PREVIEW_MARKER_VARIABLE);
}

/** The default environment first (it exists on every configured connection), then by name. */
function orderEnvironments(environments: LiveEnvironment[]): LiveEnvironment[] {
  return [...environments].sort(
    (a, b) =>
      Number(b.isDefaultEnvironment) - Number(a.isDefaultEnvironment) ||
      a.name.localeCompare(b.name, 'en') ||
      a.name.localeCompare(b.name),
  );
}

/**
 * The shared environments to write for each connection (undefined where none were read or none is
 * shared), with warnings for what is left out: personal and preview environments, non-secret variables
 * without a value (the file has no way to say null; they stay in Omni, listed as unmanaged).
 */
function extractEnvironments(entries: ImportEntry[]): {
  environments: (EnvironmentData[] | undefined)[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const kept = entries.map((entry) => {
    if (entry.environments === undefined) return undefined;
    const who = describeEntry(entry);
    const personal = entry.environments.filter((environment) => environment.ownerId !== null);
    if (personal.length > 0) {
      const were = personal.length === 1 ? 'was' : 'were';
      warnings.push(
        `${who}: ${plural(personal.length, 'personal environment')} ${were} left out (${personal.map((e) => JSON.stringify(e.name)).join(', ')}); the action never manages personal environments.`,
      );
    }
    const shared = entry.environments.filter((environment) => environment.ownerId === null);
    const previews = shared.filter(isPreviewEnvironment);
    if (previews.length > 0) {
      const were = previews.length === 1 ? 'was' : 'were';
      warnings.push(
        `${who}: ${plural(previews.length, 'pull-request preview environment')} ${were} left out (${previews.map((e) => JSON.stringify(e.name)).join(', ')}); \`mode: preview\` manages them.`,
      );
    }
    return orderEnvironments(shared.filter((environment) => !isPreviewEnvironment(environment)));
  });

  const secrets = kept.flatMap((environments, index) =>
    (environments ?? []).flatMap((environment, position) =>
      environment.variables
        .filter((variable) => variable.isSecret)
        .map((variable) => ({
          key: `${index}/${position}/${variable.name}`,
          variable: variable.name,
          environment: environment.name,
        })),
    ),
  );
  const secretNames = nameSecrets(secrets);

  const environments = kept.map((list, index) => {
    if (list === undefined || list.length === 0) return undefined;
    const who = describeEntry(entries[index] as ImportEntry);
    return list.map((environment, position) => {
      const data: EnvironmentData = { name: environment.name, targetSchema: environment.targetSchema };
      for (const field of ['targetDatabase', 'targetRole', 'targetName'] as const) {
        const value = environment[field];
        if (value !== null) data[field] = value;
      }
      const variables: Record<string, string | { fromEnv: string }> = {};
      for (const variable of environment.variables) {
        if (variable.isSecret) {
          const fromEnv = secretNames.get(`${index}/${position}/${variable.name}`) as string;
          variables[variable.name] = { fromEnv };
        } else if (variable.value === null) {
          warnings.push(
            `${who}: variable ${variable.name} of environment ${JSON.stringify(environment.name)} has no value in Omni, which the file cannot say; it was left out (kept in Omni as it is).`,
          );
        } else {
          variables[variable.name] = variable.value;
        }
      }
      if (Object.keys(variables).length > 0) data.variables = variables;
      return data;
    });
  });
  return { environments, warnings };
}

/**
 * The schedules to write for each connection (undefined where none were read or Omni has none), disabled ones
 * included: they count as present, so the plan lists them unchanged. Left out, with a warning: a pair the file
 * format refuses (a cron or zone Omni took that the action's check does not), and Omni's extra copies of a pair
 * (the file lists each pair once; the plan lists the copies as unmanaged).
 */
function extractSchedules(entries: ImportEntry[]): {
  schedules: (ScheduleData[] | undefined)[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const schedules = entries.map((entry) => {
    if (entry.schedules === undefined || entry.schedules.length === 0) return undefined;
    const who = describeEntry(entry);
    const seen = new Set<string>();
    const kept: ScheduleData[] = [];
    for (const live of entry.schedules) {
      const pair = describeSchedulePair(live);
      if (checkEventBridgeCron(live.schedule).length > 0 || checkTimeZone(live.timezone) !== undefined) {
        warnings.push(
          `${who}: schedule ${pair} is not written: omni-dbt.yml does not accept its cron or time zone as Omni holds it (omni-dbt validate says why); it stays in Omni, listed as unmanaged.`,
        );
        continue;
      }
      const key = schedulePairKey(live);
      if (seen.has(key)) {
        warnings.push(
          `${who}: Omni holds schedule ${pair} more than once; it is written once, and the plan lists the other copies as unmanaged (pruneSchemaRefreshSchedules deletes them).`,
        );
        continue;
      }
      seen.add(key);
      kept.push({ schedule: live.schedule, timezone: live.timezone, isDisabled: live.disabledAt !== null });
    }
    return kept.length === 0 ? undefined : kept;
  });
  return { schedules, warnings };
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

function renderYaml(
  entries: ImportEntry[],
  defaults: Settings,
  rest: Settings[],
  environments: (EnvironmentData[] | undefined)[],
  schedules: (ScheduleData[] | undefined)[],
): string {
  const data: Record<string, unknown> = { version: 1 };
  if (Object.keys(defaults).length > 0) data.defaults = orderSettings(defaults);
  data.connections = entries.map((entry, index) => ({
    id: entry.connectionId,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    ...orderSettings(rest[index] ?? {}),
    ...(environments[index] === undefined ? {} : { environments: environments[index] }),
    ...(schedules[index] === undefined
      ? {}
      : {
          schemaRefreshSchedules: schedules[index].map(({ schedule, timezone }) => ({ schedule, timezone })),
        }),
  }));
  const document = new Document(data);
  // Beside each schedule Omni holds disabled, that it is: the file cannot say so, and the action never
  // re-enables it (README, "Schema refresh schedules").
  const connectionNodes = document.get('connections') as YAMLSeq<YAMLMap>;
  schedules.forEach((list, index) => {
    const nodes = connectionNodes.items[index]?.get('schemaRefreshSchedules') as YAMLSeq<YAMLMap> | undefined;
    list?.forEach((item, position) => {
      const node = nodes?.items[position];
      if (node === undefined) return;
      node.flow = true;
      const schedule = node.get('schedule', true);
      // Quoted always: a cron starting with `*` would be a YAML alias, and `?` a mapping key.
      if (isScalar(schedule)) schedule.type = Scalar.QUOTE_DOUBLE;
      if (item.isDisabled)
        node.comment = ' disabled in Omni: it counts as present, and the action never re-enables it';
    });
  });
  const secretNames: string[] = [];
  visit(document, {
    Pair(_, pair) {
      // Quoted always, so that nobody later "fixes" it into `dbtVersion: 1.10`, which YAML reads as 1.1.
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'dbtVersion' && isScalar(pair.value)) {
        pair.value.type = Scalar.QUOTE_DOUBLE;
      }
    },
    Map(_, map) {
      // `{ fromEnv: NAME }` maps are the secrets: one line each, with what to do about it beside it.
      const fromEnv = map.get('fromEnv');
      if (typeof fromEnv !== 'string') return;
      map.flow = true;
      map.comment = ` secret: set ${fromEnv} in the step's env: from a GitHub secret`;
      secretNames.push(fromEnv);
    },
  });
  const count = entries.length;
  const secretNote =
    secretNames.length === 0
      ? ''
      : `\n Omni never answers secret values: set ${secretNames.join(', ')} in the step's env: from GitHub secrets,\n` +
        ' e.g. `' +
        `${secretNames[0]}: \${{ secrets.${secretNames[0]} }}` +
        '`.\n Omni keeps the value it holds: `omni-dbt` needs it in your shell only where it sends it\n' +
        ' (a variable it creates, or `apply --update-secrets`).';
  document.commentBefore =
    ` Written by \`omni-dbt import\` from the live dbt configuration of ${plural(count, 'connection')}.\n` +
    ' `omni-dbt plan` reports each one unchanged until this file or Omni changes.' +
    secretNote;
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
  const extracted = extractEnvironments(entries);
  warnings.push(...extracted.warnings);
  const extractedSchedules = extractSchedules(entries);
  warnings.push(...extractedSchedules.warnings);
  const yaml = renderYaml(entries, defaults, rest, extracted.environments, extractedSchedules.schedules);

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
    const problem = checkEnvironmentsUnchanged(connection.environments, entry.environments);
    if (problem !== undefined) errors.push(`${describeEntry(entry)}: ${problem}`);
    const scheduleProblem = checkSchedulesUnchanged(connection.schemaRefreshSchedules, entry.schedules);
    if (scheduleProblem !== undefined) errors.push(`${describeEntry(entry)}: ${scheduleProblem}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const scheduleCount = extractedSchedules.schedules.reduce((sum, list) => sum + (list?.length ?? 0), 0);
  return { ok: true, yaml, warnings: [...warnings, ...loaded.warnings.map(formatIssue)], scheduleCount };
}

/**
 * Plans the written environments against the live list as a plan would, with every `fromEnv` set (its
 * value is never compared): anything but unchanged or unmanaged means the file does not say what Omni has.
 */
function checkEnvironmentsUnchanged(
  written: EnvironmentConfigList | undefined,
  live: LiveEnvironment[] | undefined,
): string | undefined {
  if (written === undefined || live === undefined) return undefined;
  const everySet = new Proxy({}, { get: () => 'set' }) as Record<string, string>;
  const plan = planEnvironments({
    desired: written.map((environment) => resolveEnvironment(environment, everySet)),
    live,
    isPruning: false,
    isUpdatingSecrets: false,
  });
  if (!plan.ok) return `its environments cannot be written as they are: ${plan.error}`;
  const differing = plan.entries.filter(
    (entry) => entry.action !== 'unchanged' && entry.action !== 'unmanaged',
  );
  if (differing.length === 0) return undefined;
  const described = differing.map(
    (entry) => `${JSON.stringify(entry.name)}: ${entry.changes.map((change) => change.field).join(', ')}`,
  );
  return `the written environments would not match Omni (${described.join('; ')}).`;
}

/** Plans the written schedules against Omni's as a plan would: anything to create means the file says otherwise. */
function checkSchedulesUnchanged(
  written: ConnectionConfig['schemaRefreshSchedules'],
  live: LiveSchedule[] | undefined,
): string | undefined {
  if (written === undefined || live === undefined) return undefined;
  const created = planSchedules({ desired: written, live, isPruning: false }).filter(
    (entry) => entry.action === 'create',
  );
  if (created.length === 0) return undefined;
  return `the written schedules would not match Omni (${created.map((entry) => entry.name).join('; ')}).`;
}
