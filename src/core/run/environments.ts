// The dbt environments' steps of a connection's run (README, "dbt environments"): plan the file's
// environments against Omni's list, write them in order (creates and updates, then deletes), stopping at
// the first failure, and read them back to report anything Omni did not do. Effects go through the client.
import type { OmniClient } from '../omni/client.js';
import type { LiveEnvironment } from '../omni/environments.js';
import type {
  EnvironmentPlanEntry,
  UncheckedVariable,
  UnresolvedVariable,
  ValueNeed,
} from '../plan/environments.js';
import { DEFAULT_ENVIRONMENT_NOTE, verifyEnvironmentWrites } from '../plan/environments.js';
import type { FrontEndTerms } from '../terms.js';
import { statusBeforeWrite } from './parts.js';
import type { EnvironmentResult, Mode } from './types.js';
import { markNotKept, writePartsInOrder } from './write-parts.js';

/**
 * Omni makes a default environment when dbt is first configured on a connection (docs.omni.co, quoted
 * in contract/dbt-environments.openapi.yaml). A dry-run of a connection not configured yet plans against
 * it, so that a file environment of the same name shows as the update that the apply will make.
 */
export const PREDICTED_DEFAULT_ENVIRONMENT: LiveEnvironment = {
  id: 'not-created-yet',
  isDefaultEnvironment: true,
  name: 'Production',
  ownerId: null,
  targetDatabase: null,
  targetName: null,
  targetRole: null,
  targetSchema: 'public',
  variables: [],
};

/** The plan's entries as results: what a dry-run reports, and where an apply starts from. */
export function describeEnvironmentPlan(
  entries: readonly EnvironmentPlanEntry[],
  mode: Mode,
): EnvironmentResult[] {
  return entries.map((entry) => {
    const notes = [
      'note' in entry ? entry.note : undefined,
      'unmanagedVariables' in entry && entry.unmanagedVariables.length > 0
        ? `Variables in Omni that the file does not list are kept: ${entry.unmanagedVariables.join(', ')}.`
        : undefined,
      'uncheckedVariables' in entry ? describeUnchecked(entry.uncheckedVariables) : undefined,
    ].filter((note) => note !== undefined);
    return {
      name: entry.name,
      action: entry.action,
      status: statusBeforeWrite(entry.action, mode),
      changes: entry.changes,
      ...(notes.length === 0 ? {} : { note: notes.join(' ') }),
    };
  });
}

/** Said of secret variables whose `fromEnv` is unset where the value is not needed (README, "dbt environments"). */
function describeUnchecked(unchecked: readonly UncheckedVariable[]): string | undefined {
  if (unchecked.length === 0) return undefined;
  const isOne = unchecked.length === 1;
  const variables = unchecked.map((item) => item.variable).join(', ');
  const envNames = unchecked.map((item) => item.envName).join(', ');
  return isOne
    ? `Variable ${variables} was not checked: ${envNames} is not set, and Omni already holds its secret value, which is kept.`
    : `Variables ${variables} were not checked: ${envNames} are not set, and Omni already holds their secret values, which are kept.`;
}

/**
 * Says which `fromEnv` variables are unset where their value is needed (a variable to create, to send
 * again or to compare), in the front end's terms, and how to set them.
 */
export function describeUnresolved(
  unresolved: readonly UnresolvedVariable[],
  terms: FrontEndTerms,
): { error: string; hint: string } {
  const why: Record<ValueNeed, string> = {
    create: 'to create it',
    secrecy: 'to change whether it is secret',
    compare: "to compare it with Omni's value (secret: false)",
    'send-again': `to send it again (${terms.updateSecrets})`,
  };
  const names = unresolved.map(
    (item) =>
      `${item.envName} (variable ${item.variable} of environment "${item.environment}", ${why[item.need]})`,
  );
  const envNames = [...new Set(unresolved.map((item) => item.envName))];
  return {
    error: `${names.join(', ')} ${unresolved.length === 1 ? 'is' : 'are'} unset or empty in ${terms.fromEnvSource}`,
    hint: terms.describeFromEnvFix(envNames),
  };
}

export interface EnvironmentWriteOutcome {
  results: EnvironmentResult[];
  /** Entries Omni acknowledged, for the read-back check. */
  written: EnvironmentPlanEntry[];
  /** The write that failed; the writes after it were not attempted. */
  failure?: { environment: string; error: unknown };
  /** The id of each created or updated entry (a create's from Omni's answer), for a branch binding. */
  environmentIds: Map<EnvironmentPlanEntry, string>;
}

/**
 * Writes the plan's changes: creates and updates in the file's order, then deletes (so that a rename
 * never leaves the connection without an environment). Stops at the first failure or once `signal` aborts.
 */
export async function writeEnvironments(
  connectionId: string,
  entries: readonly EnvironmentPlanEntry[],
  client: OmniClient,
  signal: AbortSignal,
  describeSkip: () => string,
): Promise<EnvironmentWriteOutcome> {
  const results = describeEnvironmentPlan(entries, 'apply');
  const environmentIds = new Map<EnvironmentPlanEntry, string>();
  const resultOf = (entry: EnvironmentPlanEntry) => results[entries.indexOf(entry)];
  // Every plan keeps Omni's default environment; this is where a delete would be sent, so it checks too.
  const isDefaultDelete = (entry: EnvironmentPlanEntry) =>
    entry.action === 'delete' && entry.isDefaultEnvironment;
  for (const entry of entries.filter(isDefaultDelete)) {
    const result = resultOf(entry);
    if (result === undefined) continue;
    Object.assign(result, { action: 'unmanaged', status: 'unmanaged', note: DEFAULT_ENVIRONMENT_NOTE });
  }
  const order = [
    ...entries.filter((entry) => entry.action === 'create' || entry.action === 'update'),
    ...entries.filter((entry) => entry.action === 'delete' && !isDefaultDelete(entry)),
  ];
  const { written, failure } = await writePartsInOrder(
    order,
    resultOf,
    async (entry, result) => {
      const { environmentId, note } = await writeEntry(connectionId, entry, client);
      if (environmentId !== undefined) environmentIds.set(entry, environmentId);
      if (note !== undefined) result.note = note;
    },
    signal,
    describeSkip,
  );
  return {
    results,
    written,
    environmentIds,
    ...(failure === undefined ? {} : { failure: { environment: failure.entry.name, error: failure.error } }),
  };
}

/** Said of a DELETE answered 404 whose environment the list then showed gone. */
export const GONE_ALREADY_NOTE = 'Omni answered 404 and no longer lists it: it was deleted already.';

/** Sends one entry's write; returns the id of the environment created or updated. */
async function writeEntry(
  connectionId: string,
  entry: EnvironmentPlanEntry,
  client: OmniClient,
): Promise<{ environmentId?: string; note?: string }> {
  switch (entry.action) {
    case 'create':
      return { environmentId: (await client.createEnvironment(connectionId, entry.body)).id };
    case 'update':
      await client.updateEnvironment(connectionId, entry.environmentId, entry.body);
      return { environmentId: entry.environmentId };
    case 'delete':
      // `absent`: Omni answered 404 and the connection's list no longer holds it (omni/environments.ts checks).
      if ((await client.deleteEnvironment(connectionId, entry.environmentId)) === 'absent') {
        return { note: GONE_ALREADY_NOTE };
      }
      return {};
    default:
      return {};
  }
}

/**
 * Reads the environments back after writing and marks every written entry Omni did not keep as failed.
 * Returns the differences, one line each (never a secret value).
 */
export function checkReadBack(
  written: readonly EnvironmentPlanEntry[],
  readBack: readonly LiveEnvironment[],
  results: EnvironmentResult[],
): string[] {
  const differences = verifyEnvironmentWrites(written, readBack);
  for (const difference of differences) {
    const result = results.find((candidate) => candidate.name === difference.environment);
    if (result !== undefined) markNotKept(result, difference.message);
  }
  return differences.map((difference) => `environment "${difference.environment}": ${difference.message}`);
}
