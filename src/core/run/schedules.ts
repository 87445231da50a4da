// The schema refresh schedules' steps of a connection's run (README, "Schema refresh schedules"): the plan's
// entries as results, the writes in order (creates, then deletes), stopping at the first failure, and the
// read-back that reports anything Omni did not keep. Effects go through the client; the plan is plan/schedules.ts.
import type { OmniClient } from '../omni/client.js';
import { type LiveSchedule, type SchedulePlanEntry, verifyScheduleWrites } from '../plan/schedules.js';
import { GONE_ALREADY_NOTE } from './environments.js';
import { statusBeforeWrite } from './parts.js';
import type { Mode, ScheduleResult } from './types.js';
import { markNotKept, writePartsInOrder } from './write-parts.js';

/** The plan's entries as results: what a dry-run reports, and where an apply starts from. */
export function describeSchedulePlan(entries: readonly SchedulePlanEntry[], mode: Mode): ScheduleResult[] {
  return entries.map((entry) => ({
    name: entry.name,
    action: entry.action,
    status: statusBeforeWrite(entry.action, mode),
    changes: entry.changes,
    schedule: entry.schedule,
    timezone: entry.timezone,
    isDisabled: entry.action === 'create' ? false : entry.isDisabled,
    ...(entry.action !== 'create' && entry.note !== undefined ? { note: entry.note } : {}),
  }));
}

export interface ScheduleWriteOutcome {
  results: ScheduleResult[];
  /** Entries Omni acknowledged, for the read-back check. */
  written: SchedulePlanEntry[];
  /** The write that failed; the writes after it were not attempted. */
  failure?: { schedule: string; error: unknown };
}

/**
 * Writes the plan's changes: creates in the file's order, then deletes (so that replacing a schedule never
 * leaves the connection without one for longer than it must). Stops at the first failure or once `signal`
 * aborts. A schedule is its pair: the plan never updates one, so no PUT is sent.
 */
export async function writeSchedules(
  connectionId: string,
  entries: readonly SchedulePlanEntry[],
  client: Pick<OmniClient, 'createSchedule' | 'deleteSchedule'>,
  signal: AbortSignal,
  describeSkip: () => string,
): Promise<ScheduleWriteOutcome> {
  const results = describeSchedulePlan(entries, 'apply');
  const order = [
    ...entries.filter((entry) => entry.action === 'create'),
    ...entries.filter((entry) => entry.action === 'delete'),
  ];
  const { written, failure } = await writePartsInOrder(
    order,
    (entry) => results[entries.indexOf(entry)],
    async (entry, result) => {
      if (entry.action === 'create') {
        await client.createSchedule(connectionId, entry.body);
      } else if (entry.action === 'delete') {
        // `absent`: Omni answered 404 and the connection's list no longer holds it (schedules.ts checks).
        if ((await client.deleteSchedule(connectionId, entry.scheduleId)) === 'absent') {
          result.note = GONE_ALREADY_NOTE;
        }
      }
    },
    signal,
    describeSkip,
  );
  return {
    results,
    written,
    ...(failure === undefined ? {} : { failure: { schedule: failure.entry.name, error: failure.error } }),
  };
}

/**
 * Marks every written entry that the schedules read back after writing do not show as failed, and returns
 * the differences, one line each. Entries are told apart by place, not name: an extra copy that prune deleted
 * has the name of the one kept.
 */
export function checkScheduleReadBack(
  entries: readonly SchedulePlanEntry[],
  written: readonly SchedulePlanEntry[],
  readBack: readonly LiveSchedule[],
  results: ScheduleResult[],
): string[] {
  return written.flatMap((entry) => {
    const differences = verifyScheduleWrites([entry], readBack);
    const result = results[entries.indexOf(entry)];
    for (const difference of differences) {
      if (result !== undefined) markNotKept(result, difference.message);
    }
    return differences.map((difference) => difference.message);
  });
}
