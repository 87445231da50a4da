// One connection's way through a run, as a small state machine: read → plan → write → verify, each step
// free to end it (failed, unchanged, planned, skipped). The dbt settings come first; the connection's
// environments (environments.ts), then its schema refresh schedules (schedules.ts) join after them, each only
// when the file lists it: a connection without `environments` or `schemaRefreshSchedules` costs no extra
// request for them (README, "dbt environments", "Schema refresh schedules").
import type { ConnectionConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import type { DbtPutBody, LiveDbtConfig } from '../omni/dbt.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { hintForError, OmniCancelledError, OmniError } from '../omni/errors.js';
import type { LiveSchedule } from '../omni/schedules.js';
import { diffDbtConfig } from '../plan/diff.js';
import {
  type EnvironmentPlanEntry,
  type EnvironmentsPlan,
  planEnvironments,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../plan/environments.js';
import { planSchedules, type SchedulePlanEntry } from '../plan/schedules.js';
import type { FrontEndTerms } from '../terms.js';
import {
  checkReadBack,
  describeEnvironmentPlan,
  describeUnresolved,
  PREDICTED_DEFAULT_ENVIRONMENT,
  writeEnvironments,
} from './environments.js';
import { deriveConnectionAction, isPartWrite } from './parts.js';
import { checkScheduleReadBack, describeSchedulePlan, writeSchedules } from './schedules.js';
import type { ConnectionResult, EnvironmentResult, Mode, SettingsResult } from './types.js';
import { NOT_ATTEMPTED_AFTER_FAILURE } from './write-parts.js';

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
  /** Why a connection (or a write) that did not run was skipped; `cause` is the error that stopped it, if any. */
  describeSkip(cause?: unknown): string;
}

/** Runs one connection to exactly one result, whatever happens; its action is that of the whole connection. */
export async function runConnection(
  connection: ConnectionConfig,
  context: ConnectionRunContext,
): Promise<ConnectionResult> {
  const result = await runConnectionSteps(connection, context);
  return { ...result, action: deriveConnectionAction(result) };
}

async function runConnectionSteps(
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
  const skip = (result: ConnectionResult, cause?: unknown): ConnectionResult => ({
    ...result,
    status: 'skipped',
    error: context.describeSkip(cause),
  });
  const fail = (result: ConnectionResult, error: unknown, what = ''): ConnectionResult => ({
    ...result,
    status: 'failed',
    ...describeError(error, context.terms, what),
  });
  /** A read failed: a 401 stops the run; a read cut short by cancellation is a skip. */
  const failRead = (result: ConnectionResult, error: unknown): ConnectionResult => {
    const isUnauthorized = context.reportFailure(error);
    if (!isUnauthorized && signal.aborted) return skip(result, error);
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

  // plan the settings: a PUT sent with nothing differing (force, rotate-keys) updates them all the same
  const plan = diffDbtConfig(connection.body, live);
  if (!plan.ok) return { ...base, status: 'failed', error: plan.error, hint: plan.hint };
  const needsPut = plan.action !== 'unchanged' || force || rotateKeys;
  let settings: SettingsResult = {
    action: plan.action === 'unchanged' && needsPut ? 'update' : plan.action,
    status: !needsPut ? 'unchanged' : mode === 'dry-run' ? 'planned' : 'skipped',
  };
  let planned: ConnectionResult = { ...base, settings, changes: plan.changes, rotateKeys };

  // read and plan the environments, when the file manages them
  const desired = connection.environments?.map((environment) =>
    resolveEnvironment(environment, context.stepEnv),
  );
  /** The environments' plan, once Omni's list could be read (before the settings' write, or after it). */
  let entries: EnvironmentPlanEntry[] | undefined;
  if (desired !== undefined) {
    // A connection not configured yet has only the default environment Omni will make: every variable of
    // the file is created, so every `fromEnv` value is needed, and that is known before anything is written.
    let environments: LiveEnvironment[] = [PREDICTED_DEFAULT_ENVIRONMENT];
    if (live.isConfigured) {
      try {
        environments = await client.listEnvironments(connectionId);
      } catch (error) {
        return failRead(planned, error);
      }
    }
    const environmentPlan = planFor(connection, desired, environments, context);
    if (!environmentPlan.ok) {
      return { ...planned, status: 'failed', error: environmentPlan.error, hint: environmentPlan.hint };
    }
    const described = { ...planned, environments: describeEnvironmentPlan(environmentPlan.entries, mode) };
    // A value is needed only where it is sent or compared (README, "dbt environments").
    if (environmentPlan.unresolved.length > 0) {
      const said = describeUnresolved(environmentPlan.unresolved, context.terms);
      if (mode === 'apply') {
        // Refused before any write: half a connection's environments is worse than none.
        return {
          ...skipEnvironments(described, NOT_ATTEMPTED_UNRESOLVED),
          status: 'failed',
          error: `${said.error}; nothing of this connection was written.`,
          hint: said.hint,
        };
      }
      planned = {
        ...planned,
        warnings: [`${said.error}, so an apply would fail this connection. ${said.hint}`],
      };
    }
    // Against the predicted default only a dry-run goes on: an apply plans again once Omni has made it.
    if (live.isConfigured || mode === 'dry-run') {
      entries = environmentPlan.entries;
      planned = { ...planned, environments: described.environments };
    }
  }
  const hasEnvironmentWrites = entries?.some(isPartWrite) === true;

  // read and plan the schedules, when the file manages them (README, "Schema refresh schedules")
  let scheduleEntries: SchedulePlanEntry[] | undefined;
  if (connection.schemaRefreshSchedules !== undefined) {
    let liveSchedules: LiveSchedule[];
    try {
      liveSchedules = await client.listSchedules(connectionId);
    } catch (error) {
      return failRead(planned, error);
    }
    scheduleEntries = planSchedules({
      desired: connection.schemaRefreshSchedules,
      live: liveSchedules,
      isPruning: connection.pruneSchemaRefreshSchedules,
    });
    planned = { ...planned, schedules: describeSchedulePlan(scheduleEntries, mode) };
  }
  const hasScheduleWrites = scheduleEntries?.some(isPartWrite) === true;

  if (
    !needsPut &&
    !hasEnvironmentWrites &&
    !hasScheduleWrites &&
    (desired === undefined || entries !== undefined)
  ) {
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
      settings = { ...settings, status: 'applied' };
      planned = { ...planned, settings, httpStatus: 200 };
    } catch (error) {
      // Cancelled while waiting for its turn: nothing was sent, so nothing happened in Omni.
      if (error instanceof OmniCancelledError && !error.wasSent) return skip(planned, error);
      context.reportFailure(error);
      const why =
        error instanceof OmniCancelledError
          ? context.describeSkip()
          : 'Not attempted: the dbt settings of this connection failed.';
      return fail(skipParts({ ...planned, settings: { ...settings, status: 'failed' } }, why), error);
    }
  }

  // then the environments, when the file manages them
  const written: WrittenSoFar = { isSettingsWritten, environmentWrites: 0 };
  if (desired !== undefined) {
    const step = await applyEnvironments(connection, desired, entries, planned, written, context);
    if (!step.ok) {
      const why = step.result.status === 'failed' ? NOT_ATTEMPTED_AFTER_FAILURE : context.describeSkip();
      return skipParts(step.result, why, ['schedules']);
    }
    planned = step.result;
    written.environmentWrites = step.environmentWrites;
  }

  // then the schedules: creates, then deletes, then the read-back
  if (scheduleEntries !== undefined && hasScheduleWrites) {
    return applySchedules(connectionId, scheduleEntries, planned, written, context);
  }
  return hasWritten(written) ? { ...planned, status: 'applied' } : { ...planned, status: 'unchanged' };
}

/** What a connection's apply has written before the step at hand, for the words of a later failure. */
interface WrittenSoFar {
  isSettingsWritten: boolean;
  environmentWrites: number;
}

function hasWritten(written: WrittenSoFar): boolean {
  return written.isSettingsWritten || written.environmentWrites > 0;
}

/** " The dbt settings and 2 environment write(s) were applied.", or nothing when nothing was. */
function describeWritten(written: WrittenSoFar): string {
  const done = [
    ...(written.isSettingsWritten ? ['the dbt settings'] : []),
    ...(written.environmentWrites > 0 ? [`${written.environmentWrites} environment write(s)`] : []),
  ];
  if (done.length === 0) return '';
  const text = done.join(' and ');
  return ` ${text.charAt(0).toUpperCase()}${text.slice(1)} were applied.`;
}

/**
 * A part's write failed and the writes after it were not attempted: the connection is skipped when the run
 * was cancelled before anything of it was sent, else failed, saying what was written before.
 */
function endAtFailedWrite(
  result: ConnectionResult,
  error: unknown,
  failed: {
    /** The part as the error names it: `environment "A"`, `schedule 0 6 * * ? * (UTC)`. */
    label: string;
    noun: string;
    /** This kind's writes applied before the failure. */
    writtenBefore: number;
    /** What the steps before this kind wrote. */
    written: WrittenSoFar;
    context: ConnectionRunContext;
  },
): ConnectionResult {
  const { label, noun, writtenBefore, written, context } = failed;
  const isCancelledUnsent = error instanceof OmniCancelledError && !error.wasSent;
  if (isCancelledUnsent && writtenBefore === 0 && !hasWritten(written)) {
    return { ...result, status: 'skipped', error: context.describeSkip(error) };
  }
  context.reportFailure(error);
  const done = writtenBefore === 0 ? '' : ` ${writtenBefore} other ${noun} write(s) were applied.`;
  const what =
    error instanceof OmniCancelledError
      ? `The run was cancelled while writing ${label}; the writes after it were not attempted.`
      : `Writing ${label} failed; the writes after it were not attempted.`;
  return {
    ...result,
    status: 'failed',
    ...describeError(error, context.terms, `${what}${done}${describeWritten(written)}`),
  };
}

type PartStep =
  | { ok: true; result: ConnectionResult; environmentWrites: number }
  | { ok: false; result: ConnectionResult };

/**
 * The environments' writes of an apply (README, "dbt environments"): planned again for a connection configured
 * just now, written in order, read back. `ok: false` ends the connection with `result`.
 */
async function applyEnvironments(
  connection: ConnectionConfig,
  desired: ResolvedEnvironment[],
  plannedEntries: EnvironmentPlanEntry[] | undefined,
  result: ConnectionResult,
  written: WrittenSoFar,
  context: ConnectionRunContext,
): Promise<PartStep> {
  const { client, mode, signal } = context;
  const { connectionId } = connection;
  const { isSettingsWritten } = written;
  // What the settings' step wrote: the environments come first among the parts.
  const settingsNote = describeWritten(written);
  const fail = (failed: ConnectionResult, error: unknown, what = ''): PartStep => ({
    ok: false,
    result: { ...failed, status: 'failed', ...describeError(error, context.terms, what) },
  });
  const skip = (skipped: ConnectionResult, cause?: unknown): PartStep => ({
    ok: false,
    result: { ...skipped, status: 'skipped', error: context.describeSkip(cause) },
  });
  let planned = result;
  let entries = plannedEntries;

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
        ok: false,
        result: {
          ...planned,
          status: 'failed',
          error: `${environmentPlan.error}${settingsNote}`,
          hint: environmentPlan.hint,
        },
      };
    }
    planned = { ...planned, environments: describeEnvironmentPlan(environmentPlan.entries, mode) };
    if (environmentPlan.unresolved.length > 0) {
      // Only if the default environment Omni made holds variables the prediction did not: none is written.
      const said = describeUnresolved(environmentPlan.unresolved, context.terms);
      return {
        ok: false,
        result: {
          ...skipEnvironments(planned, NOT_ATTEMPTED_UNRESOLVED),
          status: 'failed',
          error: `${said.error}; no environment of this connection was written.${settingsNote}`,
          hint: said.hint,
        },
      };
    }
    entries = environmentPlan.entries;
  }
  if (!entries.some(isPartWrite)) return { ok: true, result: planned, environmentWrites: 0 };

  // write the environments, then read them back
  const outcome = await writeEnvironments(connectionId, entries, client, signal, context.describeSkip);
  planned = { ...planned, environments: outcome.results };
  if (outcome.failure !== undefined) {
    const { environment, error } = outcome.failure;
    const ended = endAtFailedWrite(planned, error, {
      label: `environment "${environment}"`,
      noun: 'environment',
      writtenBefore: outcome.written.length,
      written,
      context,
    });
    return { ok: false, result: ended };
  }
  if (outcome.written.length === 0) {
    // Cancelled before any environment was written.
    if (!isSettingsWritten) return skip(planned);
    return {
      ok: false,
      result: {
        ...planned,
        status: 'failed',
        error: `The run was cancelled after the dbt settings were applied; the environments were not written.`,
      },
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
      ok: false,
      result: {
        ...planned,
        environments: results,
        status: 'failed',
        error: `Omni did not keep what was written: ${differences.join('; ')}.`,
        hint: 'Check the environments in Omni (Settings → Connections → dbt), then run again: the next plan shows what still differs.',
      },
    };
  }
  return { ok: true, result: planned, environmentWrites: outcome.written.length };
}

/**
 * The schedules' writes of an apply (README, "Schema refresh schedules"): creates, then deletes, stopping at the
 * first failure, then a read-back of the connection's list; anything Omni did not keep fails the connection.
 */
async function applySchedules(
  connectionId: string,
  entries: readonly SchedulePlanEntry[],
  result: ConnectionResult,
  written: WrittenSoFar,
  context: ConnectionRunContext,
): Promise<ConnectionResult> {
  const { client, signal } = context;
  const earlier = describeWritten(written);
  const outcome = await writeSchedules(connectionId, entries, client, signal, context.describeSkip);
  const planned: ConnectionResult = { ...result, schedules: outcome.results };
  const fail = (error: unknown, what: string): ConnectionResult => ({
    ...planned,
    status: 'failed',
    ...describeError(error, context.terms, what),
  });
  if (outcome.failure !== undefined) {
    const { schedule, error } = outcome.failure;
    return endAtFailedWrite(planned, error, {
      label: `schedule ${schedule}`,
      noun: 'schedule',
      writtenBefore: outcome.written.length,
      written,
      context,
    });
  }
  if (outcome.written.length === 0) {
    // Cancelled before any schedule was written.
    if (!hasWritten(written)) return { ...planned, status: 'skipped', error: context.describeSkip() };
    return {
      ...planned,
      status: 'failed',
      error: `The run was cancelled before the schedules were written.${earlier}`,
    };
  }
  let readBack: LiveSchedule[];
  try {
    readBack = await client.listSchedules(connectionId);
  } catch (error) {
    context.reportFailure(error);
    return fail(error, `The schedules were written, but reading them back to check failed.${earlier}`);
  }
  const results = planned.schedules ?? [];
  const differences = checkScheduleReadBack(entries, outcome.written, readBack, results);
  if (differences.length > 0) {
    return {
      ...planned,
      schedules: results,
      status: 'failed',
      error: `Omni did not keep what was written: ${differences.join('; ')}.`,
      hint: "Check the connection's schema refresh schedules in Omni, then run again: the next plan shows what still differs.",
    };
  }
  return { ...planned, status: 'applied' };
}

const NOT_ATTEMPTED_UNRESOLVED = 'Not attempted: a `fromEnv` value this connection needs is unset.';

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

/** Says why the parts (environments, schedules) an apply did not get to were not written. */
function skipParts(
  result: ConnectionResult,
  why: string,
  kinds: readonly ('environments' | 'schedules')[] = ['environments', 'schedules'],
): ConnectionResult {
  const withEnvironments = kinds.includes('environments') ? skipEnvironments(result, why) : result;
  if (!kinds.includes('schedules') || withEnvironments.schedules === undefined) return withEnvironments;
  const schedules = withEnvironments.schedules.map((schedule) =>
    schedule.status === 'skipped' && schedule.error === undefined ? { ...schedule, error: why } : schedule,
  );
  return { ...withEnvironments, schedules };
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
  if (error instanceof HintedError) {
    return { error: `${prefix}${error.message}`, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  }
  return { error: `${prefix}${error instanceof Error ? error.message : String(error)}` };
}

/** An error of the run's own that says what to do about it: describeError carries its hint. */
export class HintedError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HintedError';
  }
}
