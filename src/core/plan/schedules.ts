// Pure plan of a connection's schema refresh schedules: the file's (schedule, timezone) pairs against
// Omni's list (contract/models.openapi.yaml, connectionsSchedules*), the exact bodies to send, and the
// read-back check. Rules: README "Schema refresh schedules" (a pair is created or left alone, never
// updated; a disabled schedule counts as present and is never re-enabled).
import { normaliseCron, schedulePairKey } from '../config/cron.js';
import type { SourcePosition } from '../config/types.js';
import type { LiveSchedule, ScheduleBody } from '../omni/schedules.js';

export type { LiveSchedule, ScheduleBody };

/** A schedule of the file: the pair, and where the file says it (for annotations). */
export interface DesiredSchedule extends ScheduleBody {
  position?: SourcePosition;
}

export type ScheduleAction = 'create' | 'unchanged' | 'unmanaged' | 'delete';

/** As environments' changes: `schedule` or `timezone`, from null on a create. */
export interface ScheduleChange {
  field: 'schedule' | 'timezone';
  from: unknown;
  to: unknown;
}

interface ScheduleEntryBase {
  /** How the pair is shown: `0 6 * * ? * (Europe/Berlin)`. */
  name: string;
  schedule: string;
  timezone: string;
}

interface LiveScheduleEntryBase extends ScheduleEntryBase {
  scheduleId: string;
  /** Disabled in Omni: it still counts as present and is never re-enabled by the action. */
  isDisabled: boolean;
  /** Omni's own words for it ("Runs daily at 2:00 AM EST"). */
  description: string;
  note?: string;
}

export type SchedulePlanEntry =
  | (ScheduleEntryBase & {
      action: 'create';
      changes: ScheduleChange[];
      body: ScheduleBody;
      position?: SourcePosition;
    })
  | (LiveScheduleEntryBase & { action: 'unchanged'; changes: []; position?: SourcePosition })
  | (LiveScheduleEntryBase & { action: 'unmanaged'; changes: [] })
  | (LiveScheduleEntryBase & { action: 'delete'; changes: [] });

export interface PlanSchedulesInput {
  desired: readonly DesiredSchedule[];
  live: readonly LiveSchedule[];
  isPruning: boolean;
}

export const DISABLED_SCHEDULE_NOTE =
  'disabled in Omni: it counts as present, and the action never re-enables it (enable it in Omni)';
export const DUPLICATE_SCHEDULE_NOTE =
  'the same schedule and time zone as another one in Omni; only one of them is kept with pruneSchemaRefreshSchedules';

/** How a pair is shown in plans and messages. */
export function describeSchedulePair(pair: ScheduleBody): string {
  return `${normaliseCron(pair.schedule)} (${pair.timezone.trim()})`;
}

/**
 * The file's pairs against Omni's schedules. A pair of the file that Omni has is `unchanged` (also
 * when Omni's is disabled: it is listed with `isDisabled` and the disabled note, never re-enabled or
 * created again); one that Omni lacks is a `create` with the exact body (the cron in its normal form).
 * Omni's schedules whose pair the file lacks are `unmanaged`, or `delete` with `isPruning`.
 *
 * Two or more of Omni's schedules with one pair: the one the file's pair is matched to is the first
 * enabled one, else the first, in Omni's order; the others are extra copies, `unmanaged` with the
 * duplicate note, or `delete` with `isPruning` (the file asks for the pair once). Entries come in the
 * file's order, then Omni's leftovers in Omni's order. The file's own duplicates are refused by config
 * validation before this runs; here a repeated pair of the file is planned once.
 */
export function planSchedules({ desired, live, isPruning }: PlanSchedulesInput): SchedulePlanEntry[] {
  const matched = new Set<LiveSchedule>();
  const planned = new Set<string>();
  const entries: SchedulePlanEntry[] = [];
  for (const pair of desired) {
    const key = schedulePairKey(pair);
    if (planned.has(key)) continue;
    planned.add(key);
    const candidates = live.filter((schedule) => schedulePairKey(schedule) === key);
    const match = candidates.find((schedule) => schedule.disabledAt === null) ?? candidates[0];
    if (match) {
      matched.add(match);
      entries.push({
        ...describeLive(match),
        action: 'unchanged',
        changes: [],
        ...(pair.position ? { position: pair.position } : {}),
      });
      continue;
    }
    const body: ScheduleBody = { schedule: normaliseCron(pair.schedule), timezone: pair.timezone.trim() };
    entries.push({
      action: 'create',
      name: describeSchedulePair(body),
      ...body,
      changes: [
        { field: 'schedule', from: null, to: body.schedule },
        { field: 'timezone', from: null, to: body.timezone },
      ],
      body,
      ...(pair.position ? { position: pair.position } : {}),
    });
  }
  for (const schedule of live) {
    if (matched.has(schedule)) continue;
    const isDuplicate = planned.has(schedulePairKey(schedule));
    const entry = describeLive(schedule);
    if (isPruning) entries.push({ ...entry, action: 'delete', changes: [] });
    else {
      const note = isDuplicate ? DUPLICATE_SCHEDULE_NOTE : entry.note;
      entries.push({ ...entry, action: 'unmanaged', changes: [], ...(note ? { note } : {}) });
    }
  }
  return entries;
}

function describeLive(schedule: LiveSchedule): LiveScheduleEntryBase {
  const isDisabled = schedule.disabledAt !== null;
  return {
    name: describeSchedulePair(schedule),
    schedule: schedule.schedule,
    timezone: schedule.timezone,
    scheduleId: schedule.scheduleId,
    isDisabled,
    description: schedule.description,
    ...(isDisabled ? { note: DISABLED_SCHEDULE_NOTE } : {}),
  };
}

/** The number of schedules a plan creates or deletes. */
export function countScheduleChanges(entries: readonly SchedulePlanEntry[]): number {
  return entries.filter((entry) => entry.action === 'create' || entry.action === 'delete').length;
}

export function hasScheduleChanges(entries: readonly SchedulePlanEntry[]): boolean {
  return countScheduleChanges(entries) > 0;
}

/** One way Omni's read-back differs from what was written. */
export interface ScheduleWriteDifference {
  /** The pair, as `describeSchedulePair` shows it. */
  schedule: string;
  message: string;
}

/**
 * After apply: compares the schedules read back with what the applied entries wrote. A created pair
 * must be there (once at least); a deleted schedule's id must be gone. Entries not written
 * (unchanged, unmanaged) are not checked.
 */
export function verifyScheduleWrites(
  entries: readonly SchedulePlanEntry[],
  readBack: readonly LiveSchedule[],
): ScheduleWriteDifference[] {
  const differences: ScheduleWriteDifference[] = [];
  for (const entry of entries) {
    if (entry.action === 'create') {
      const key = schedulePairKey(entry.body);
      if (!readBack.some((schedule) => schedulePairKey(schedule) === key)) {
        differences.push({ schedule: entry.name, message: `schedule ${entry.name} is missing` });
      }
    } else if (entry.action === 'delete') {
      if (readBack.some((schedule) => schedule.scheduleId === entry.scheduleId)) {
        differences.push({ schedule: entry.name, message: `deleted schedule ${entry.name} is still there` });
      }
    }
  }
  return differences;
}
