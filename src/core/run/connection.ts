// One connection's way through a run, as a small state machine: read → plan → write → verify, each step
// free to end it (failed, unchanged, planned, skipped). The dbt settings come first; the connection's
// environments (environments.ts) join after them, and only when the file lists any: a connection without
// `environments` costs no extra request (README, "dbt environments").
import type { ConnectionConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import type { DbtPutBody, LiveDbtConfig } from '../omni/dbt.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { hintForError, OmniCancelledError, OmniError } from '../omni/errors.js';
import { diffDbtConfig } from '../plan/diff.js';
import {
  type EnvironmentPlanEntry,
  type EnvironmentsPlan,
  listUnresolved,
  planEnvironments,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../plan/environments.js';
import type { FrontEndTerms } from '../terms.js';
import {
  checkReadBack,
  describeEnvironmentPlan,
  describeUnresolved,
  isWrite,
  PREDICTED_DEFAULT_ENVIRONMENT,
  writeEnvironments,
} from './environments.js';
import type { ConnectionResult, EnvironmentResult, Mode } from './types.js';

export interface ConnectionRunContext {
  client: OmniClient;
  mode: Mode;
  force: boolean;
  rotateKeys: boolean;
  /** Send every `fromEnv` secret again, even where Omni has a value (`update-secrets`). */
  isUpdatingSecrets: boolean;
  /** The step's environment, where `fromEnv` variables are read. */
  stepEnv: Readonly<Record<string, string | undefined>>;
  terms: FrontEndTerms;
  /** Aborted on cancellation or after a 401: nothing new starts. */
  signal: AbortSignal;
  /** Tells the run about a failure; returns true when it stopped the run (a 401). */
  reportFailure(error: unknown): boolean;
  /** Why a connection that did not run was skipped. */
  describeSkip(): string;
}

/** Runs one connection to exactly one result, whatever happens. */
export async function runConnection(
  connection: ConnectionConfig,
  context: ConnectionRunContext,
): Promise<ConnectionResult> {
  const { client, mode, force, rotateKeys, signal } = context;
  const { connectionId } = connection;
  const base: ConnectionResult = {
    connectionId,
    name: connection.name,
    status: 'skipped',
    changes: [],
    rotateKeys: false,
  };
  const skip = (result: ConnectionResult): ConnectionResult => ({
    ...result,
    status: 'skipped',
    error: context.describeSkip(),
  });
  const fail = (result: ConnectionResult, error: unknown, what = ''): ConnectionResult => ({
    ...result,
    status: 'failed',
    ...describeError(error, context.terms, what),
  });
  /** A read failed: a 401 stops the run; a read cut short by cancellation is a skip. */
  const failRead = (result: ConnectionResult, error: unknown): ConnectionResult => {
    const isUnauthorized = context.reportFailure(error);
    if (!isUnauthorized && signal.aborted) return skip(result);
    return fail(result, error);
  };

  // read the settings
  if (signal.aborted) return skip(base);
  let live: LiveDbtConfig;
  try {
    live = await client.getDbtConfig(connectionId);
  } catch (error) {
    return failRead(base, error);
  }

  // plan the settings
  const plan = diffDbtConfig(connection.body, live);
  if (!plan.ok) return { ...base, status: 'failed', error: plan.error, hint: plan.hint };
  let planned: ConnectionResult = { ...base, action: plan.action, changes: plan.changes, rotateKeys };
  const needsPut = plan.action !== 'unchanged' || force || rotateKeys;

  // read and plan the environments, when the file manages them
  const desired = connection.environments?.map((environment) =>
    resolveEnvironment(environment, context.stepEnv),
  );
  /** The environments' plan, once Omni's list could be read (before the settings' write, or after it). */
  let entries: EnvironmentPlanEntry[] | undefined;
  if (desired !== undefined) {
    const unresolved = listUnresolved(desired);
    if (unresolved.length > 0) {
      const said = describeUnresolved(unresolved);
      if (mode === 'apply') {
        // Refused before any write: half a connection's environments is worse than none.
        return {
          ...planned,
          status: 'failed',
          error: `${said}; nothing of this connection was written.`,
          hint:
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for the user to copy, not a template.
            'Pass each one to the step with `env:`, from a GitHub secret (e.g. `DBT_CLOUD_API_KEY: ${{ secrets.DBT_CLOUD_API_KEY }}`).',
        };
      }
      planned = { ...planned, warnings: [`${said}: an apply would fail this connection.`] };
    }
    if (live.isConfigured || mode === 'dry-run') {
      let environments: LiveEnvironment[];
      try {
        environments = live.isConfigured
          ? await client.listEnvironments(connectionId)
          : [PREDICTED_DEFAULT_ENVIRONMENT];
      } catch (error) {
        return failRead(planned, error);
      }
      const environmentPlan = planFor(connection, desired, environments, context);
      if (!environmentPlan.ok) {
        return { ...planned, status: 'failed', error: environmentPlan.error, hint: environmentPlan.hint };
      }
      entries = environmentPlan.entries;
      planned = { ...planned, environments: describeEnvironmentPlan(entries, mode) };
    }
  }
  const hasEnvironmentWrites = entries?.some(isWrite) === true;

  if (!needsPut && !hasEnvironmentWrites && (desired === undefined || entries !== undefined)) {
    return { ...planned, status: 'unchanged' };
  }
  if (mode === 'dry-run') return { ...planned, status: 'planned' };

  // write the settings: the full desired state, contract defaults explicit (README, "What a run does")
  let isSettingsWritten = false;
  if (needsPut) {
    if (signal.aborted) return skip(planned);
    const body: DbtPutBody = rotateKeys ? { ...connection.body, rotateKeys: true } : { ...connection.body };
    try {
      await client.putDbtConfig(connectionId, body);
      isSettingsWritten = true;
      planned = { ...planned, httpStatus: 200 };
    } catch (error) {
      // Cancelled while waiting for its turn: nothing was sent, so nothing happened in Omni.
      if (error instanceof OmniCancelledError && !error.wasSent) return skip(planned);
      context.reportFailure(error);
      return fail(
        skipEnvironments(planned, 'Not attempted: the dbt settings of this connection failed.'),
        error,
      );
    }
  }
  const applied = (result: ConnectionResult): ConnectionResult => ({ ...result, status: 'applied' });
  if (desired === undefined) return applied(planned);
  const settingsNote = isSettingsWritten ? ' The dbt settings were applied.' : '';

  // a connection configured just now: its default environment exists only from here on
  if (entries === undefined) {
    let environments: LiveEnvironment[];
    try {
      environments = await client.listEnvironments(connectionId);
    } catch (error) {
      context.reportFailure(error);
      return fail(planned, error, `Reading the environments after configuring dbt failed.${settingsNote}`);
    }
    const environmentPlan = planFor(connection, desired, environments, context);
    if (!environmentPlan.ok) {
      return {
        ...planned,
        status: 'failed',
        error: `${environmentPlan.error}${settingsNote}`,
        hint: environmentPlan.hint,
      };
    }
    entries = environmentPlan.entries;
    planned = { ...planned, environments: describeEnvironmentPlan(entries, mode) };
  }
  if (!entries.some(isWrite)) {
    return isSettingsWritten ? applied(planned) : { ...planned, status: 'unchanged' };
  }

  // write the environments, then read them back
  const outcome = await writeEnvironments(connectionId, entries, client, signal, context.describeSkip);
  planned = { ...planned, environments: outcome.results };
  if (outcome.failure !== undefined) {
    const { environment, error } = outcome.failure;
    if (
      error instanceof OmniCancelledError &&
      !error.wasSent &&
      outcome.written.length === 0 &&
      !isSettingsWritten
    ) {
      return skip(planned);
    }
    context.reportFailure(error);
    const done =
      outcome.written.length === 0
        ? ''
        : ` ${outcome.written.length} other environment write(s) were applied.`;
    return fail(
      planned,
      error,
      `Writing environment "${environment}" failed; the writes after it were not attempted.${done}${settingsNote}`,
    );
  }
  if (outcome.written.length === 0) {
    // Cancelled before any environment was written.
    if (!isSettingsWritten) return skip(planned);
    return {
      ...planned,
      status: 'failed',
      error: `The run was cancelled after the dbt settings were applied; the environments were not written.`,
    };
  }
  let readBack: LiveEnvironment[];
  try {
    readBack = await client.listEnvironments(connectionId);
  } catch (error) {
    context.reportFailure(error);
    return fail(planned, error, 'The environments were written, but reading them back to check failed.');
  }
  const results = planned.environments ?? [];
  const differences = checkReadBack(outcome.written, readBack, results);
  if (differences.length > 0) {
    return {
      ...planned,
      environments: results,
      status: 'failed',
      error: `Omni did not keep what was written: ${differences.join('; ')}.`,
      hint: 'Check the environments in Omni (Settings → Connections → dbt), then run again: the next plan shows what still differs.',
    };
  }
  return applied(planned);
}

function planFor(
  connection: ConnectionConfig,
  desired: ResolvedEnvironment[],
  live: LiveEnvironment[],
  context: ConnectionRunContext,
): EnvironmentsPlan {
  return planEnvironments({
    desired,
    live,
    isPruning: connection.pruneEnvironments,
    isUpdatingSecrets: context.isUpdatingSecrets,
  });
}

function skipEnvironments(result: ConnectionResult, why: string): ConnectionResult {
  if (result.environments === undefined) return result;
  const environments: EnvironmentResult[] = result.environments.map((environment) =>
    environment.status === 'skipped' ? { ...environment, error: why } : environment,
  );
  return { ...result, environments };
}

/** A failure as a result's fields: `what` happened first, then the error, its status and a hint in `terms`. */
export function describeError(
  error: unknown,
  terms: FrontEndTerms,
  what: string,
): Pick<ConnectionResult, 'error' | 'httpStatus' | 'hint'> {
  const prefix = what === '' ? '' : `${what} `;
  if (error instanceof OmniError) {
    return { error: `${prefix}${error.message}`, httpStatus: error.status, hint: hintForError(error, terms) };
  }
  return { error: `${prefix}${error instanceof Error ? error.message : String(error)}` };
}
