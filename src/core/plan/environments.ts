// Pure plan of a connection's shared dbt environments: the file's environments against Omni's list
// (contract/dbt-environments.openapi.yaml), the exact request bodies to send, and the read-back check.
// Rules: README "dbt environments" (shared only, default never deleted, secrets never compared).
import type {
  DbtEnvironmentCreateBody,
  DbtEnvironmentUpdateBody,
  DbtEnvironmentVariableBody,
  DbtEnvironmentVariableUpdateBody,
} from '../config/schema.js';
import type { EnvironmentConfig, VariableConfig } from '../config/types.js';
import type { LiveEnvironment, LiveVariable } from '../omni/environments.js';

export type { LiveEnvironment, LiveVariable };

/** A file variable with its value read: `value` is undefined when its `fromEnv` variable is unset or empty. */
export interface ResolvedVariable {
  name: string;
  isSecret: boolean;
  value: string | undefined;
  /** The step's environment variable it was read from (absent for a plain value). */
  envName?: string;
}

export interface ResolvedEnvironment extends Omit<EnvironmentConfig, 'variables'> {
  variables: ResolvedVariable[];
}

/** How a secret value is shown, in changes and anywhere else: never the value. */
export const SECRET_PLACEHOLDER = '(secret)';
/**
 * How the plain value of a variable that becomes secret, or stops being one, is shown: not at all, since
 * one side of the change holds a value someone chose to keep secret (README, "dbt environments").
 */
export const HIDDEN_PLAIN_PLACEHOLDER = '(not secret, value not shown)';
/** How a non-secret value is shown whose `fromEnv` variable is unset (dry-run only). */
export const UNSET_PLACEHOLDER = '(unset)';

export const ENVIRONMENT_FIELDS = [
  'name',
  'targetSchema',
  'targetDatabase',
  'targetRole',
  'targetName',
] as const;
type EnvironmentField = (typeof ENVIRONMENT_FIELDS)[number];

export type EnvironmentAction = 'create' | 'update' | 'unchanged' | 'unmanaged' | 'delete';

/** `field` is one of ENVIRONMENT_FIELDS or `variables.NAME`; null means "no override" or "absent". */
export interface EnvironmentChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What the environment should look like once written, for the read-back check (no secret values). */
export interface ExpectedEnvironment {
  name: string;
  targetSchema: string;
  targetDatabase: string | null;
  targetRole: string | null;
  targetName: string | null;
  /** Every variable that must exist afterwards; `value` only for non-secret ones. */
  variables: { name: string; isSecret: boolean; value?: string | null }[];
}

/**
 * A `fromEnv` whose variable is unset or empty where its value is needed (README, "dbt environments"): to
 * create the variable, to send it again (`update-secrets`), or to compare it (`secret: false`). Apply
 * refuses the connection before any write.
 */
export interface UnresolvedVariable {
  environment: string;
  variable: string;
  envName: string;
  /** Why the value is needed. */
  need: ValueNeed;
}

/** Why a `fromEnv` value is needed: a variable to create, to turn (not) secret, to compare, to send again. */
export type ValueNeed = 'create' | 'secrecy' | 'compare' | 'send-again';

/** A secret `fromEnv` whose variable is unset where its value is not needed: Omni holds one, kept as it is. */
export interface UncheckedVariable {
  variable: string;
  envName: string;
}

/** What a file environment's plan found of its `fromEnv` values (README, "dbt environments"). */
export interface ValueChecks {
  /** Values needed and not set: apply refuses the connection, a dry-run warns. */
  unresolved: UnresolvedVariable[];
  /** Secret values not needed (Omni holds them, not sent again) and not set: the plan did not check them. */
  uncheckedVariables: UncheckedVariable[];
}

export type EnvironmentPlanEntry =
  | ({
      action: 'create';
      name: string;
      changes: EnvironmentChange[];
      body: DbtEnvironmentCreateBody;
      expected: ExpectedEnvironment;
    } & ValueChecks)
  | ({
      action: 'update';
      name: string;
      environmentId: string;
      changes: EnvironmentChange[];
      body: DbtEnvironmentUpdateBody;
      expected: ExpectedEnvironment;
      /** Variables Omni has and the file does not: kept (sent back by id), never deleted. */
      unmanagedVariables: string[];
    } & ValueChecks)
  | ({
      action: 'unchanged';
      name: string;
      environmentId: string;
      changes: [];
      unmanagedVariables: string[];
    } & ValueChecks)
  | { action: 'unmanaged'; name: string; environmentId: string; changes: []; note?: string }
  | {
      action: 'delete';
      name: string;
      environmentId: string;
      changes: [];
      /** Copied from the live environment: the one place deletes are sent refuses a default one. */
      isDefaultEnvironment: boolean;
    };

export type EnvironmentsPlan =
  | { ok: true; entries: EnvironmentPlanEntry[]; unresolved: UnresolvedVariable[] }
  | { ok: false; error: string; hint: string };

export interface PlanEnvironmentsInput {
  desired: ResolvedEnvironment[];
  live: LiveEnvironment[];
  isPruning: boolean;
  isUpdatingSecrets: boolean;
}

export const DEFAULT_ENVIRONMENT_NOTE =
  "Omni's default environment is never deleted; list it by name in the file to manage it.";

/**
 * Reads each `fromEnv` value from `env` (the step's environment, or the shell of the CLI). An unset or
 * empty variable gives `value: undefined`; the plan decides whether the value was needed.
 */
export function resolveEnvironment(
  environment: EnvironmentConfig,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedEnvironment {
  return {
    ...environment,
    variables: environment.variables.map((variable) => resolveVariable(variable, env)),
  };
}

/**
 * The value of a shared environment's plain (not secret) variable `name`, when it is a non-empty string:
 * the markers the action keeps on the environments it makes (OMNI_DBT_PREVIEW, OMNI_DBT_PREVIEW_BRANCH).
 */
export function readPlainVariable(environment: LiveEnvironment, name: string): string | undefined {
  if (environment.ownerId !== null) return undefined;
  const value = environment.variables.find(
    (candidate) => candidate.name === name && !candidate.isSecret,
  )?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function resolveVariable(
  variable: VariableConfig,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedVariable {
  if (variable.source === 'plain') return { name: variable.name, isSecret: false, value: variable.value };
  const value = env[variable.envName];
  return {
    name: variable.name,
    isSecret: variable.isSecret,
    value: value === undefined || value === '' ? undefined : value,
    envName: variable.envName,
  };
}

export function planEnvironments({
  desired,
  live,
  isPruning,
  isUpdatingSecrets,
}: PlanEnvironmentsInput): EnvironmentsPlan {
  const personal = live.filter((environment) => environment.ownerId !== null);
  const shared = live.filter((environment) => environment.ownerId === null);
  const matched = new Set<LiveEnvironment>();
  const entries: EnvironmentPlanEntry[] = [];
  for (const environment of desired) {
    const key = environment.name.toLowerCase();
    const owned = personal.find((candidate) => candidate.name.toLowerCase() === key);
    if (owned) {
      return {
        ok: false,
        error: `The file's environment "${environment.name}" has the name of a personal environment in Omni ("${owned.name}"); personal environments are never changed.`,
        hint: 'Rename the environment in omni-dbt.yml, or ask its owner to rename theirs in Omni.',
      };
    }
    const candidates = shared.filter((candidate) => candidate.name.toLowerCase() === key);
    if (candidates.length > 1) {
      return {
        ok: false,
        error: `Omni has ${candidates.length} shared environments named like "${environment.name}" (${candidates.map((c) => `"${c.name}"`).join(', ')}); the file cannot tell which one it means.`,
        hint: 'Rename or delete all but one of them in Omni.',
      };
    }
    const [match] = candidates;
    if (match) matched.add(match);
    entries.push(diffEnvironment(environment, match, isUpdatingSecrets));
  }
  for (const environment of shared) {
    if (matched.has(environment)) continue;
    const { id: environmentId, name } = environment;
    if (!isPruning) entries.push({ action: 'unmanaged', name, environmentId, changes: [] });
    else if (environment.isDefaultEnvironment)
      entries.push({ action: 'unmanaged', name, environmentId, changes: [], note: DEFAULT_ENVIRONMENT_NOTE });
    else entries.push({ action: 'delete', name, environmentId, changes: [], isDefaultEnvironment: false });
  }
  return { ok: true, entries, unresolved: listUnresolved(entries) };
}

/** The number of environments a plan creates, updates or deletes. */
export function countEnvironmentChanges(entries: readonly EnvironmentPlanEntry[]): number {
  return entries.filter((entry) => isChangeAction(entry.action)).length;
}

export function hasEnvironmentChanges(entries: readonly EnvironmentPlanEntry[]): boolean {
  return countEnvironmentChanges(entries) > 0;
}

function isChangeAction(action: EnvironmentAction): boolean {
  return action === 'create' || action === 'update' || action === 'delete';
}

/** The `fromEnv` values the plan needs and does not have, entry by entry. */
export function listUnresolved(entries: readonly EnvironmentPlanEntry[]): UnresolvedVariable[] {
  return entries.flatMap((entry) => ('unresolved' in entry ? entry.unresolved : []));
}

/**
 * A `fromEnv` value is needed only where it is sent or compared (README, "dbt environments"): to create
 * the variable (or its environment), to turn it secret or not secret, to send it again
 * (`update-secrets`), or to compare it (`secret: false`). A secret Omni already holds is none of these.
 */
export function findValueNeed(
  desired: ResolvedVariable,
  live: LiveVariable | undefined,
  isUpdatingSecrets: boolean,
): ValueNeed | undefined {
  if (live === undefined) return 'create';
  if (live.isSecret !== desired.isSecret) return 'secrecy';
  if (!desired.isSecret) return 'compare';
  return isUpdatingSecrets ? 'send-again' : undefined;
}

/** The unset `fromEnv` values of one file environment against its live namesake: needed or not. */
function checkValues(
  desired: ResolvedEnvironment,
  live: LiveEnvironment | undefined,
  isUpdatingSecrets: boolean,
): ValueChecks {
  const checks: ValueChecks = { unresolved: [], uncheckedVariables: [] };
  for (const variable of desired.variables) {
    if (variable.value !== undefined) continue;
    const envName = variable.envName ?? variable.name;
    const current = live?.variables.find((candidate) => candidate.name === variable.name);
    const need = findValueNeed(variable, current, isUpdatingSecrets);
    if (need !== undefined) {
      checks.unresolved.push({ environment: desired.name, variable: variable.name, envName, need });
    } else {
      checks.uncheckedVariables.push({ variable: variable.name, envName });
    }
  }
  return checks;
}

/**
 * One file environment against its live namesake (or none): create, update or unchanged, with the
 * exact body. A variable whose value is unresolved is shown but left out of the body.
 */
export function diffEnvironment(
  desired: ResolvedEnvironment,
  live: LiveEnvironment | undefined,
  isUpdatingSecrets: boolean,
): EnvironmentPlanEntry {
  const expected = describeExpected(desired, live);
  const checks = checkValues(desired, live, isUpdatingSecrets);
  if (!live) return { ...planCreate(desired, expected), ...checks };

  const changes: EnvironmentChange[] = [];
  for (const field of ENVIRONMENT_FIELDS) {
    if (desired[field] !== live[field]) changes.push({ field, from: live[field], to: desired[field] });
  }
  const variables: NonNullable<DbtEnvironmentUpdateBody['variables']> = [];
  for (const variable of desired.variables) {
    const current = live.variables.find((candidate) => candidate.name === variable.name);
    const change = diffVariable(variable, current, isUpdatingSecrets);
    if (change) changes.push(change);
    const sent = buildVariableUpdate(variable, current, change !== undefined);
    if (sent) variables.push(sent);
  }
  const unmanaged = live.variables.filter(
    (candidate) => !desired.variables.some((variable) => variable.name === candidate.name),
  );
  // Every variable Omni has goes back by id: whether an update drops the ones it leaves out is not
  // documented (contract/dbt-environments.openapi.yaml, header), so none is left out.
  variables.push(...unmanaged.map(keepVariable));
  const unmanagedVariables = unmanaged.map((variable) => variable.name);
  const { name, id: environmentId } = live;
  if (changes.length === 0)
    return { action: 'unchanged', name, environmentId, changes: [], unmanagedVariables, ...checks };
  return {
    action: 'update',
    name: desired.name,
    environmentId,
    changes,
    body: { ...pickFields(desired), variables },
    expected,
    unmanagedVariables,
    ...checks,
  };
}

function planCreate(
  desired: ResolvedEnvironment,
  expected: ExpectedEnvironment,
): Omit<Extract<EnvironmentPlanEntry, { action: 'create' }>, keyof ValueChecks> {
  const changes: EnvironmentChange[] = [];
  for (const field of ENVIRONMENT_FIELDS) {
    if (field === 'name' || desired[field] === null) continue;
    changes.push({ field, from: null, to: desired[field] });
  }
  const variables: DbtEnvironmentVariableBody[] = [];
  for (const variable of desired.variables) {
    changes.push({ field: `variables.${variable.name}`, from: null, to: showValue(variable) });
    if (variable.value !== undefined) {
      variables.push({ name: variable.name, isSecret: variable.isSecret, value: variable.value });
    }
  }
  return {
    action: 'create',
    name: desired.name,
    changes,
    body: { ...pickFields(desired), variables },
    expected,
  };
}

function pickFields(environment: ResolvedEnvironment): Pick<ResolvedEnvironment, EnvironmentField> {
  const { name, targetSchema, targetDatabase, targetRole, targetName } = environment;
  return { name, targetSchema, targetDatabase, targetRole, targetName };
}

function diffVariable(
  desired: ResolvedVariable,
  live: LiveVariable | undefined,
  isUpdatingSecrets: boolean,
): EnvironmentChange | undefined {
  const field = `variables.${desired.name}`;
  const to = showValue(desired);
  if (!live) return { field, from: null, to };
  if (live.isSecret !== desired.isSecret) {
    // Neither value is shown: Omni's plain one may be the secret the file now protects, the file's plain
    // one may be what Omni kept secret until now.
    return {
      field,
      from: live.isSecret ? SECRET_PLACEHOLDER : HIDDEN_PLAIN_PLACEHOLDER,
      to: desired.isSecret ? SECRET_PLACEHOLDER : HIDDEN_PLAIN_PLACEHOLDER,
    };
  }
  const from = live.isSecret ? SECRET_PLACEHOLDER : live.value;
  // Omni answers null for a secret: it is compared never, and sent again only when asked.
  if (desired.isSecret) return isUpdatingSecrets ? { field, from, to } : undefined;
  return live.value === desired.value ? undefined : { field, from, to };
}

/** The update body's item for a file variable: new (no id), changed (id and value), or kept. */
function buildVariableUpdate(
  desired: ResolvedVariable,
  live: LiveVariable | undefined,
  isChanged: boolean,
): DbtEnvironmentVariableBody | DbtEnvironmentVariableUpdateBody | undefined {
  if (!live) {
    return desired.value === undefined
      ? undefined
      : { name: desired.name, isSecret: desired.isSecret, value: desired.value };
  }
  if (isChanged && desired.value !== undefined) {
    return { id: live.id, isSecret: desired.isSecret, value: desired.value };
  }
  return keepVariable(live);
}

/** Sends an existing variable back as it is: a secret by id alone (keeps its value), others with theirs. */
function keepVariable(live: LiveVariable): DbtEnvironmentVariableUpdateBody {
  if (live.isSecret || live.value === null) return { id: live.id, isSecret: live.isSecret };
  return { id: live.id, isSecret: live.isSecret, value: live.value };
}

function showValue(variable: ResolvedVariable): string {
  if (variable.isSecret) return SECRET_PLACEHOLDER;
  return variable.value ?? UNSET_PLACEHOLDER;
}

function describeExpected(
  desired: ResolvedEnvironment,
  live: LiveEnvironment | undefined,
): ExpectedEnvironment {
  const variables: ExpectedEnvironment['variables'] = desired.variables
    .filter(
      (variable) => variable.value !== undefined || live?.variables.some((v) => v.name === variable.name),
    )
    .map((variable) => {
      if (variable.isSecret) return { name: variable.name, isSecret: true };
      const current = live?.variables.find((v) => v.name === variable.name);
      // An unresolved value is not sent: the variable keeps what Omni had.
      const value = variable.value ?? current?.value ?? null;
      return { name: variable.name, isSecret: false, value };
    });
  for (const variable of live?.variables ?? []) {
    if (desired.variables.some((v) => v.name === variable.name)) continue;
    variables.push(
      variable.isSecret
        ? { name: variable.name, isSecret: true }
        : { name: variable.name, isSecret: false, value: variable.value },
    );
  }
  return { ...pickFields(desired), variables };
}

/** One way Omni's read-back differs from what was written; never carries a secret value. */
export interface EnvironmentWriteDifference {
  environment: string;
  message: string;
}

/**
 * After apply: compares the environments read back with what the applied entries wrote. Entries
 * not written (unchanged, unmanaged) are not checked. Secret values are never compared.
 */
export function verifyEnvironmentWrites(
  entries: readonly EnvironmentPlanEntry[],
  readBack: readonly LiveEnvironment[],
): EnvironmentWriteDifference[] {
  const differences: EnvironmentWriteDifference[] = [];
  for (const entry of entries) {
    const report = (message: string) => differences.push({ environment: entry.name, message });
    if (entry.action === 'delete') {
      if (readBack.some((environment) => environment.id === entry.environmentId)) {
        report(`deleted environment "${entry.name}" is still there`);
      }
      continue;
    }
    if (entry.action !== 'create' && entry.action !== 'update') continue;
    const found =
      entry.action === 'update'
        ? readBack.find((environment) => environment.id === entry.environmentId)
        : readBack.find(
            (environment) =>
              environment.ownerId === null && environment.name.toLowerCase() === entry.name.toLowerCase(),
          );
    if (!found) {
      report(`environment "${entry.name}" is missing`);
      continue;
    }
    for (const message of compareWithExpected(entry.expected, found)) report(message);
  }
  return differences;
}

function compareWithExpected(expected: ExpectedEnvironment, found: LiveEnvironment): string[] {
  const messages: string[] = [];
  for (const field of ENVIRONMENT_FIELDS) {
    if (found[field] !== expected[field]) {
      messages.push(`${field} is ${JSON.stringify(found[field])}, not ${JSON.stringify(expected[field])}`);
    }
  }
  for (const variable of expected.variables) {
    const kept = found.variables.find((candidate) => candidate.name === variable.name);
    if (!kept) {
      messages.push(`Omni did not keep variable ${variable.name}`);
      continue;
    }
    if (kept.isSecret !== variable.isSecret) {
      const written = variable.isSecret ? 'secret' : 'not secret';
      messages.push(
        `variable ${variable.name} is ${kept.isSecret ? 'secret' : 'not secret'} in Omni; it was written as ${written}`,
      );
      continue;
    }
    if (!variable.isSecret && kept.value !== variable.value) {
      messages.push(
        `variable ${variable.name} is ${JSON.stringify(kept.value)}, not ${JSON.stringify(variable.value)}`,
      );
    }
  }
  return messages;
}
