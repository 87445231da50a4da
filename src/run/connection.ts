// One connection's way through a run, as a small state machine: read → plan → write, each step free to end
// it (failed, unchanged, planned, skipped). A resource managed beside the settings joins as steps here,
// after the settings, and ends the connection the same way.
import type { ConnectionConfig } from '../config/types.js';
import type { OmniClient } from '../omni/client.js';
import type { DbtPutBody, LiveDbtConfig } from '../omni/dbt.js';
import { hintForError, OmniCancelledError, OmniError } from '../omni/errors.js';
import { diffDbtConfig } from '../plan/diff.js';
import type { FrontEndTerms } from '../terms.js';
import type { ConnectionResult, Mode } from './types.js';

export interface ConnectionRunContext {
  client: OmniClient;
  mode: Mode;
  force: boolean;
  rotateKeys: boolean;
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
  const base: ConnectionResult = {
    connectionId: connection.connectionId,
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
  const fail = (result: ConnectionResult, error: unknown): ConnectionResult => ({
    ...result,
    status: 'failed',
    ...describeError(error, context.terms),
  });

  // read
  if (signal.aborted) return skip(base);
  let live: LiveDbtConfig;
  try {
    live = await client.getDbtConfig(connection.connectionId);
  } catch (error) {
    const isUnauthorized = context.reportFailure(error);
    if (!isUnauthorized && signal.aborted) return skip(base);
    return fail(base, error);
  }

  // plan
  const plan = diffDbtConfig(connection.body, live);
  if (!plan.ok) return { ...base, status: 'failed', error: plan.error, hint: plan.hint };
  const planned: ConnectionResult = { ...base, action: plan.action, changes: plan.changes, rotateKeys };
  const needsPut = plan.action !== 'unchanged' || force || rotateKeys;
  if (!needsPut) return { ...planned, status: 'unchanged' };
  if (mode === 'dry-run') return { ...planned, status: 'planned' };

  // write: the full desired state, contract defaults explicit (README, "What a run does").
  if (signal.aborted) return skip(planned);
  const body: DbtPutBody = rotateKeys ? { ...connection.body, rotateKeys: true } : { ...connection.body };
  try {
    await client.putDbtConfig(connection.connectionId, body);
    return { ...planned, status: 'applied', httpStatus: 200 };
  } catch (error) {
    // Cancelled while waiting for its turn: nothing was sent, so nothing happened in Omni.
    if (error instanceof OmniCancelledError && !error.wasSent) return skip(planned);
    context.reportFailure(error);
    return fail(planned, error);
  }
}

function describeError(
  error: unknown,
  terms: FrontEndTerms,
): Pick<ConnectionResult, 'error' | 'httpStatus' | 'hint'> {
  if (error instanceof OmniError) {
    return { error: error.message, httpStatus: error.status, hint: hintForError(error, terms) };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}
