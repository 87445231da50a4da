// Runs every selected connection through its state machine (connection.ts), concurrently within the
// client's budget, and stops the run on a 401: the same token would fail everywhere.
import type { ConnectionConfig } from '../config/types.js';
import { OmniCancelledError, OmniError } from '../omni/errors.js';
import { type ConnectionRunContext, runConnection } from './connection.js';
import type { ConnectionResult } from './types.js';

export interface RunConnectionsOptions
  extends Pick<
    ConnectionRunContext,
    'client' | 'mode' | 'force' | 'rotateKeys' | 'isUpdatingSecrets' | 'stepEnv' | 'terms'
  > {
  connections: ConnectionConfig[];
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

export async function runConnections(options: RunConnectionsOptions): Promise<RunConnectionsResult> {
  const { stop } = options;
  const runStop = createRunStop(stop);
  const context: ConnectionRunContext = {
    client: options.client,
    mode: options.mode,
    force: options.force,
    rotateKeys: options.rotateKeys,
    isUpdatingSecrets: options.isUpdatingSecrets,
    stepEnv: options.stepEnv,
    terms: options.terms,
    signal: stop.signal,
    reportFailure: runStop.reportFailure,
    describeSkip: runStop.describeSkip,
  };
  const connections = await Promise.all(
    options.connections.map((connection) => runConnection(connection, context)),
  );
  return { connections, fatalError: runStop.fatalError };
}

export interface RunStop {
  /** Tells the run about a failure; a 401 stops it (returns true): the same token fails everywhere. */
  reportFailure(error: unknown): boolean;
  /**
   * Why a connection (or a write) that did not run was skipped. `cause`, the error that stopped it, tells a
   * request in flight when the run was cancelled (it may or may not have taken effect) from one never sent.
   */
  describeSkip(cause?: unknown): string;
  /** Set once Omni refused the token. */
  readonly fatalError: string | undefined;
}

/** The one place a run stops on a 401, for every mode (connections here, previews in preview.ts). */
export function createRunStop(stop: AbortController): RunStop {
  let fatalError: string | undefined;
  return {
    reportFailure(error) {
      if (!(error instanceof OmniError && error.status === 401)) return false;
      fatalError ??= 'Omni refused the API token (401).';
      stop.abort();
      return true;
    },
    describeSkip: (cause) => {
      if (fatalError !== undefined)
        return 'Not attempted: Omni refused the API token (401), so the run stopped.';
      if (cause instanceof OmniCancelledError && cause.wasSent) {
        return cause.method === 'GET'
          ? `In flight when the run was cancelled: the read (${cause.method} ${cause.path}) was cut short, and nothing of this connection was written.`
          : `In flight when the run was cancelled: ${cause.method} ${cause.path} may or may not have taken effect.`;
      }
      return 'Not attempted: the run was cancelled.';
    },
    get fatalError() {
      return fatalError;
    },
  };
}
