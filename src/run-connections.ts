// Reads, plans and (in apply) writes each selected connection through an OmniClient.
// Every connection ends with exactly one ConnectionResult, whatever happens (SPEC §5).
import type { ConnectionConfig } from './config/types.js';
import { hintForError, OmniCancelledError, OmniError } from './omni/errors.js';
import type { DbtPutBody, OmniClient } from './omni/types.js';
import { diffDbtConfig } from './plan/diff.js';
import type { ConnectionResult, Mode } from './plan/types.js';

export interface RunConnectionsOptions {
  connections: ConnectionConfig[];
  client: OmniClient;
  mode: Mode;
  force: boolean;
  rotateKeys: boolean;
  /**
   * The run's controller, whose signal the client also watches: aborted from outside on
   * cancellation (SIGTERM/SIGINT), and here on a 401. Connections not yet started end `skipped`.
   */
  stop: AbortController;
}

export interface RunConnectionsResult {
  connections: ConnectionResult[];
  /** Set when Omni refused the token: the same token would fail everywhere, so the run stopped. */
  fatalError?: string;
}

function describeError(error: unknown): Pick<ConnectionResult, 'error' | 'httpStatus' | 'hint'> {
  if (error instanceof OmniError) {
    return { error: error.message, httpStatus: error.status, hint: hintForError(error) };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}

export async function runConnections(options: RunConnectionsOptions): Promise<RunConnectionsResult> {
  const { client, mode, force, rotateKeys, stop } = options;
  let fatalError: string | undefined;

  /** A 401 means the same token fails everywhere: stop the run. Returns whether it was one. */
  const stopOnUnauthorized = (error: unknown): boolean => {
    if (!(error instanceof OmniError && error.status === 401)) return false;
    fatalError ??= 'Omni refused the API token (401).';
    stop.abort();
    return true;
  };

  const skippedResult = (
    connection: ConnectionConfig,
    base: Partial<ConnectionResult> = {},
  ): ConnectionResult => ({
    connectionId: connection.connectionId,
    name: connection.name,
    changes: [],
    rotateKeys: false,
    ...base,
    status: 'skipped',
    error:
      fatalError !== undefined
        ? 'Not attempted: Omni refused the API token (401), so the run stopped.'
        : 'Not attempted: the run was cancelled.',
  });

  const runOne = async (connection: ConnectionConfig): Promise<ConnectionResult> => {
    const base = { connectionId: connection.connectionId, name: connection.name };
    if (stop.signal.aborted) return skippedResult(connection);
    let live: Awaited<ReturnType<OmniClient['getDbtConfig']>>;
    try {
      live = await client.getDbtConfig(connection.connectionId);
    } catch (error) {
      if (!stopOnUnauthorized(error) && stop.signal.aborted) return skippedResult(connection);
      return { ...base, status: 'failed', changes: [], rotateKeys: false, ...describeError(error) };
    }

    const plan = diffDbtConfig(connection.body, live);
    if (!plan.ok) {
      return {
        ...base,
        status: 'failed',
        changes: [],
        rotateKeys: false,
        error: plan.error,
        hint: plan.hint,
      };
    }
    const planned = { ...base, action: plan.action, changes: plan.changes, rotateKeys };
    const needsPut = plan.action !== 'unchanged' || force || rotateKeys;
    if (!needsPut) return { ...planned, status: 'unchanged' };
    if (mode === 'dry-run') return { ...planned, status: 'planned' };
    if (stop.signal.aborted) return skippedResult(connection, planned);

    // The full desired state, contract defaults explicit (SPEC §3.4).
    const body: DbtPutBody = rotateKeys ? { ...connection.body, rotateKeys: true } : { ...connection.body };
    try {
      await client.putDbtConfig(connection.connectionId, body);
      return { ...planned, status: 'applied', httpStatus: 200 };
    } catch (error) {
      // Cancelled while waiting for its turn: nothing was sent, so nothing happened in Omni.
      if (error instanceof OmniCancelledError && !error.wasSent) return skippedResult(connection, planned);
      stopOnUnauthorized(error);
      return { ...planned, status: 'failed', ...describeError(error) };
    }
  };

  const connections = await Promise.all(options.connections.map(runOne));
  return { connections, fatalError };
}
