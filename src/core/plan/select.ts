// Pure: narrows the file's connections to the `connections` input (ids or names; README, "Inputs").
import type { ListedConnection } from '../config/types.js';
import type { FrontEndTerms } from '../terms.js';

/**
 * The selected connections, in the file's order; when a selector names no connection of the file, the
 * error, and in `named` the connections the other selectors named (README, "Outputs": what `result` lists).
 */
export type SelectConnectionsResult<T> =
  | { ok: true; connections: T[] }
  | { ok: false; error: string; named: T[] };

export function selectConnections<T extends ListedConnection>(
  all: readonly T[],
  selectors: string[],
  terms: FrontEndTerms,
): SelectConnectionsResult<T> {
  if (selectors.length === 0) return { ok: true, connections: [...all] };
  const unknown: string[] = [];
  const chosen = new Set<T>();
  for (const selector of selectors) {
    const match = all.find(
      (c) => c.connectionId.toLowerCase() === selector.toLowerCase() || c.name === selector,
    );
    if (match === undefined) unknown.push(selector);
    else chosen.add(match);
  }
  if (unknown.length > 0) {
    const known = all.map((c) => (c.name ? `"${c.name}" (${c.connectionId})` : c.connectionId)).join(', ');
    return {
      ok: false,
      named: all.filter((c) => chosen.has(c)),
      error: `${terms.connectionsSetting} names ${unknown.map((s) => `"${s}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in the config file. Use the id or the name of a listed connection: ${known}.`,
    };
  }
  // Keep the file's order, whatever order the selection was written in.
  return { ok: true, connections: all.filter((c) => chosen.has(c)) };
}
