// What a run reports of what it does not send to Omni (README, "Outputs"): each selected connection it does
// not plan, `skipped` with why, and a preview run with nothing to do. The run says these before it loads
// any mode's steps (run.ts), so this module needs none of them.
import type { ConnectionConfig, ListedConnection } from '../config/types.js';
import type { PreviewRunContext, PreviewWork } from './preview.js';
import type { ConnectionResult, PreviewReport } from './types.js';

/** A selected connection the run did not plan: `skipped`, with why (README, "Outputs"). */
export function describeNotPlanned(
  connection: ListedConnection,
  why: string,
  isOutOfScope = false,
): ConnectionResult {
  return {
    connectionId: connection.connectionId,
    ...(connection.name === undefined ? {} : { name: connection.name }),
    status: 'skipped',
    error: why,
    changes: [],
    rotateKeys: false,
    ...(isOutOfScope ? { isOutOfScope: true } : {}),
  };
}

/** Why each selected connection of a `mode: exposures` run is `skipped` (every mode lists them all). */
export const NOT_IN_EXPOSURES_MODE =
  'Not part of mode: exposures, which writes the dbt exposures file and reads no connection.';

/** The selected connections of a `mode: exposures` run: each `skipped`, saying why. */
export function describeUnselected(connections: readonly ConnectionConfig[]): ConnectionResult[] {
  return connections.map((connection) => describeNotPlanned(connection, NOT_IN_EXPOSURES_MODE, true));
}

const FORK_PREVIEW_NOTE =
  'This pull request comes from a fork: forks get no preview environment (GitHub gives their runs no secrets), so Omni was not called.';

/**
 * The work of a preview run, or the report of one that sends nothing (a fork, an event with no preview
 * work, no context at all).
 */
export function readPreviewWork(
  preview: PreviewRunContext | undefined,
): { work: PreviewWork } | { idle: PreviewReport } {
  if (preview === undefined) {
    return { idle: { kind: 'none', note: 'mode: preview was given no pull request or sweep to work on.' } };
  }
  if (preview.kind === 'fork') return { idle: { kind: 'fork', note: FORK_PREVIEW_NOTE } };
  if (preview.kind === 'none') return { idle: { kind: 'none', note: preview.reason } };
  return { work: preview };
}

export const NO_MODELS_REASON =
  'Not part of this run: the connection lists no `omniModels`, so mode: refresh has no model of it to refresh.';

/** The selected connections that take part: those listing at least one model. */
export function listRefreshable(connections: readonly ConnectionConfig[]): ConnectionConfig[] {
  return connections.filter((connection) => (connection.omniModels ?? []).length > 0);
}
