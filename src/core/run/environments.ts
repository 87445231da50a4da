// The dbt environments' steps of a connection's run (README, "dbt environments"): plan the file's
// environments against Omni's list, write them in order (creates and updates, then deletes), stopping at
// the first failure, and read them back to report anything Omni did not do. Effects go through the client.
import type { OmniClient } from '../omni/client.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { OmniError } from '../omni/errors.js';
import type { EnvironmentPlanEntry, UnresolvedVariable } from '../plan/environments.js';
import { verifyEnvironmentWrites } from '../plan/environments.js';
import type { EnvironmentResult, Mode } from './types.js';

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

const NOT_ATTEMPTED_AFTER_FAILURE = 'Not attempted: an earlier write of this connection failed.';

/** The plan's entries as results: what a dry-run reports, and where an apply starts from. */
export function describeEnvironmentPlan(
  entries: readonly EnvironmentPlanEntry[],
  mode: Mode,
): EnvironmentResult[] {
  return entries.map((entry) => ({
    name: entry.name,
    action: entry.action,
    status: statusBeforeWrite(entry, mode),
    changes: entry.changes,
    ...('note' in entry && entry.note !== undefined ? { note: entry.note } : {}),
    ...('unmanagedVariables' in entry && entry.unmanagedVariables.length > 0
      ? {
          note: `Variables in Omni that the file does not list are kept: ${entry.unmanagedVariables.join(', ')}.`,
        }
      : {}),
  }));
}

function statusBeforeWrite(entry: EnvironmentPlanEntry, mode: Mode): EnvironmentResult['status'] {
  if (entry.action === 'unchanged') return 'unchanged';
  if (entry.action === 'unmanaged') return 'unmanaged';
  return mode === 'dry-run' ? 'planned' : 'skipped';
}

export function isWrite(entry: EnvironmentPlanEntry): boolean {
  return entry.action === 'create' || entry.action === 'update' || entry.action === 'delete';
}

/** Says which `fromEnv` variables are unset, and how to set them. */
export function describeUnresolved(unresolved: readonly UnresolvedVariable[]): string {
  const names = unresolved.map(
    (item) => `${item.envName} (variable ${item.variable} of environment "${item.environment}")`,
  );
  return `${names.join(', ')} ${unresolved.length === 1 ? 'is' : 'are'} unset or empty in the step's environment`;
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
  const written: EnvironmentPlanEntry[] = [];
  const environmentIds = new Map<EnvironmentPlanEntry, string>();
  const order = [
    ...entries.filter((entry) => entry.action === 'create' || entry.action === 'update'),
    ...entries.filter((entry) => entry.action === 'delete'),
  ];
  let failure: EnvironmentWriteOutcome['failure'];
  for (const entry of order) {
    const result = results[entries.indexOf(entry)];
    if (result === undefined) continue;
    if (failure !== undefined) {
      result.error = NOT_ATTEMPTED_AFTER_FAILURE;
      continue;
    }
    if (signal.aborted) {
      result.error = describeSkip();
      continue;
    }
    try {
      const environmentId = await writeEntry(connectionId, entry, client);
      if (environmentId !== undefined) environmentIds.set(entry, environmentId);
      result.status = 'applied';
      written.push(entry);
    } catch (error) {
      result.status = 'failed';
      result.error = error instanceof Error ? error.message : String(error);
      failure = { environment: entry.name, error };
    }
  }
  return { results, written, environmentIds, ...(failure === undefined ? {} : { failure }) };
}

/** Sends one entry's write; returns the id of the environment created or updated. */
async function writeEntry(
  connectionId: string,
  entry: EnvironmentPlanEntry,
  client: OmniClient,
): Promise<string | undefined> {
  switch (entry.action) {
    case 'create':
      return (await client.createEnvironment(connectionId, entry.body)).id;
    case 'update':
      await client.updateEnvironment(connectionId, entry.environmentId, entry.body);
      return entry.environmentId;
    case 'delete':
      try {
        await client.deleteEnvironment(connectionId, entry.environmentId);
      } catch (error) {
        // Gone already (a retried DELETE whose first answer was lost): what the plan wanted.
        if (error instanceof OmniError && error.status === 404) return;
        throw error;
      }
      return;
    default:
      return;
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
    if (result === undefined) continue;
    result.status = 'failed';
    const said = `Omni did not do what was written: ${difference.message}.`;
    result.error = result.error === undefined ? said : `${result.error} ${said}`;
  }
  return differences.map((difference) => `environment "${difference.environment}": ${difference.message}`);
}
