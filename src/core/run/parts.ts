// The parts of a connection beside its dbt settings (its dbt environments, its schedules) and the one rule
// that makes the connection's action out of theirs (README, "What a run does"). A new kind of part joins
// with one entry in CONNECTION_PARTS: every count, headline, table and log line then takes it in.
import type { PlanAction } from '../plan/types.js';
import type { ConnectionResult, Mode, PartResult } from './types.js';

export interface ConnectionPartKind {
  /** How reports name one part and several of them: `environment`, `environments`. */
  noun: string;
  plural: string;
  /** This kind's parts of a connection's result; undefined when the file lists none (they were not read). */
  listParts(connection: ConnectionResult): readonly PartResult[] | undefined;
}

/** Every kind of part a connection can have, in the order reports show them. */
export const CONNECTION_PARTS: readonly ConnectionPartKind[] = [
  { noun: 'environment', plural: 'environments', listParts: (connection) => connection.environments },
  { noun: 'schedule', plural: 'schedules', listParts: (connection) => connection.schedules },
];

/** A part's status before it is written: what a dry-run reports, and where an apply starts from. */
export function statusBeforeWrite(action: PartResult['action'], mode: Mode): PartResult['status'] {
  if (action === 'unchanged' || action === 'unmanaged') return action;
  return mode === 'dry-run' ? 'planned' : 'skipped';
}

/** True for a part the run writes (or would write): created, updated or deleted. */
export function isPartWrite(part: Pick<PartResult, 'action'>): boolean {
  return part.action === 'create' || part.action === 'update' || part.action === 'delete';
}

/** Every part of a connection, of every kind, with its kind. */
export function listConnectionParts(
  connection: ConnectionResult,
): { kind: ConnectionPartKind; parts: readonly PartResult[] }[] {
  return CONNECTION_PARTS.flatMap((kind) => {
    const parts = kind.listParts(connection);
    return parts === undefined ? [] : [{ kind, parts }];
  });
}

/**
 * What happens to a connection as a whole: `create` when its settings are created (dbt not configured yet),
 * `update` when its settings are sent (they differ, or `force`/`rotate-keys`) or any part is written,
 * `unchanged` only when nothing is. Undefined when its settings were not read.
 */
export function deriveConnectionAction(connection: ConnectionResult): PlanAction | undefined {
  const { settings } = connection;
  if (settings === undefined) return undefined;
  if (settings.action !== 'unchanged') return settings.action;
  const hasPartWrites = listConnectionParts(connection).some(({ parts }) => parts.some(isPartWrite));
  return hasPartWrites ? 'update' : 'unchanged';
}
