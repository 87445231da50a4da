// Writing a connection's parts of one kind (its environments, its schedules) in the order given, stopping at
// the first failure or once the run is cancelled: what each entry's result says of its write, the entries
// Omni acknowledged (for the read-back) and the write that failed. What one write sends is the caller's.
import type { PartResult } from './types.js';

/** Said of a part's write not attempted because an earlier write of its connection failed. */
export const NOT_ATTEMPTED_AFTER_FAILURE = 'Not attempted: an earlier write of this connection failed.';

/** Marks a written part that Omni's read-back does not show as written: failed, with what differs. */
export function markNotKept(result: PartResult, message: string): void {
  result.status = 'failed';
  const said = `Omni did not do what was written: ${message}.`;
  result.error = result.error === undefined ? said : `${result.error} ${said}`;
}

export interface PartWrites<E> {
  /** Entries Omni acknowledged, in the order written. */
  written: E[];
  /** The write that failed; the writes after it were not attempted. */
  failure?: { entry: E; error: unknown };
}

/**
 * Sends `write` for each entry of `order` whose result `resultOf` finds, one at a time: its result is then
 * `applied`, or `failed` with the error's message. After a failure, or once `signal` aborts, the rest are
 * not sent and their results say why (`status` stays as the plan left it).
 */
export async function writePartsInOrder<E, R extends PartResult>(
  order: readonly E[],
  resultOf: (entry: E) => R | undefined,
  write: (entry: E, result: R) => Promise<void>,
  signal: AbortSignal,
  describeSkip: () => string,
): Promise<PartWrites<E>> {
  const written: E[] = [];
  let failure: PartWrites<E>['failure'];
  for (const entry of order) {
    const result = resultOf(entry);
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
      await write(entry, result);
      result.status = 'applied';
      written.push(entry);
    } catch (error) {
      result.status = 'failed';
      result.error = error instanceof Error ? error.message : String(error);
      failure = { entry, error };
    }
  }
  return { written, ...(failure === undefined ? {} : { failure }) };
}
