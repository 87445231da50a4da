// planSchedules and verifyScheduleWrites: pairs created, left alone or pruned; disabled schedules
// counted as present and never re-enabled; Omni's duplicates of one pair; the exact create bodies;
// the read-back check.
import { describe, expect, it } from 'vitest';
import {
  countScheduleChanges,
  type DesiredSchedule,
  DISABLED_SCHEDULE_NOTE,
  DUPLICATE_SCHEDULE_NOTE,
  hasScheduleChanges,
  type LiveSchedule,
  planSchedules,
  type SchedulePlanEntry,
  verifyScheduleWrites,
} from '../../../../src/core/plan/schedules.js';

let nextId = 0;
function live(schedule: string, timezone: string, overrides: Partial<LiveSchedule> = {}): LiveSchedule {
  nextId += 1;
  return {
    scheduleId: `sched-${nextId}`,
    schedule,
    timezone,
    description: `Runs ${schedule}`,
    disabledAt: null,
    ...overrides,
  };
}

const desired = (schedule: string, timezone: string, line = 1): DesiredSchedule => ({
  schedule,
  timezone,
  position: { line, column: 9 },
});

/** `action name` per entry: the shape most tests pin. */
const summary = (entries: SchedulePlanEntry[]) => entries.map((entry) => `${entry.action} ${entry.name}`);

describe('planSchedules', () => {
  it('creates a pair Omni lacks, with the exact body and where the file says it', () => {
    const entries = planSchedules({
      desired: [desired('0 6 * * ? *', 'Europe/Berlin', 7)],
      live: [],
      isPruning: false,
    });
    expect(entries).toEqual([
      {
        action: 'create',
        name: '0 6 * * ? * (Europe/Berlin)',
        schedule: '0 6 * * ? *',
        timezone: 'Europe/Berlin',
        changes: [
          { field: 'schedule', from: null, to: '0 6 * * ? *' },
          { field: 'timezone', from: null, to: 'Europe/Berlin' },
        ],
        body: { schedule: '0 6 * * ? *', timezone: 'Europe/Berlin' },
        position: { line: 7, column: 9 },
      },
    ]);
  });

  it('sends the cron in its normal form', () => {
    const [entry] = planSchedules({
      desired: [desired(' 0  18 ? * mon-fri * ', 'UTC')],
      live: [],
      isPruning: false,
    });
    expect(entry?.action === 'create' && entry.body).toEqual({
      schedule: '0 18 ? * MON-FRI *',
      timezone: 'UTC',
    });
  });

  it('leaves a pair Omni has unchanged, matching spacing and case of the cron and case of the zone', () => {
    const existing = live('0 18 ? * MON-FRI *', 'Europe/Berlin');
    const entries = planSchedules({
      desired: [desired('0  18 ? * mon-fri *', 'europe/berlin')],
      live: [existing],
      isPruning: true,
    });
    expect(entries).toEqual([
      {
        action: 'unchanged',
        name: '0 18 ? * MON-FRI * (Europe/Berlin)',
        schedule: existing.schedule,
        timezone: existing.timezone,
        scheduleId: existing.scheduleId,
        isDisabled: false,
        description: existing.description,
        changes: [],
        position: { line: 1, column: 9 },
      },
    ]);
  });

  it('a different zone or cron is a different pair: create one, leave the other unmanaged', () => {
    const entries = planSchedules({
      desired: [desired('0 6 * * ? *', 'Europe/Berlin'), desired('0 7 * * ? *', 'UTC')],
      live: [live('0 6 * * ? *', 'Europe/Paris'), live('0 7 * * ? *', 'UTC')],
      isPruning: false,
    });
    expect(summary(entries)).toEqual([
      'create 0 6 * * ? * (Europe/Berlin)',
      'unchanged 0 7 * * ? * (UTC)',
      'unmanaged 0 6 * * ? * (Europe/Paris)',
    ]);
  });

  it('does not unify different spellings of the same days', () => {
    const entries = planSchedules({
      desired: [desired('0 18 ? * 2-6 *', 'UTC')],
      live: [live('0 18 ? * MON-FRI *', 'UTC')],
      isPruning: false,
    });
    expect(summary(entries)).toEqual(['create 0 18 ? * 2-6 * (UTC)', 'unmanaged 0 18 ? * MON-FRI * (UTC)']);
  });

  it('deletes pairs the file lacks with prune, by id', () => {
    const stale = live('0 3 * * ? *', 'UTC');
    const entries = planSchedules({ desired: [], live: [stale], isPruning: true });
    expect(entries).toEqual([
      {
        action: 'delete',
        name: '0 3 * * ? * (UTC)',
        schedule: stale.schedule,
        timezone: stale.timezone,
        scheduleId: stale.scheduleId,
        isDisabled: false,
        description: stale.description,
        changes: [],
      },
    ]);
  });

  it('a disabled schedule counts as present: unchanged, listed as disabled, not created again', () => {
    const disabled = live('0 6 * * ? *', 'UTC', { disabledAt: '2026-01-02T03:04:05Z' });
    const entries = planSchedules({
      desired: [desired('0 6 * * ? *', 'UTC')],
      live: [disabled],
      isPruning: true,
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'unchanged',
      scheduleId: disabled.scheduleId,
      isDisabled: true,
      note: DISABLED_SCHEDULE_NOTE,
    });
    expect(countScheduleChanges(entries)).toBe(0);
  });

  it('a disabled schedule the file lacks is unmanaged (listed as disabled), or deleted with prune', () => {
    const disabled = live('0 6 * * ? *', 'UTC', { disabledAt: '2026-01-02T03:04:05Z' });
    expect(planSchedules({ desired: [], live: [disabled], isPruning: false })[0]).toMatchObject({
      action: 'unmanaged',
      isDisabled: true,
      note: DISABLED_SCHEDULE_NOTE,
    });
    expect(planSchedules({ desired: [], live: [disabled], isPruning: true })[0]).toMatchObject({
      action: 'delete',
      scheduleId: disabled.scheduleId,
      isDisabled: true,
    });
  });

  describe("Omni's duplicates of one pair", () => {
    const disabledCopy = live('0 6 * * ? *', 'UTC', { disabledAt: '2026-01-02T03:04:05Z' });
    const enabledCopy = live('0 6 * * ? *', 'UTC');
    const thirdCopy = live('0  6 * * ? *', 'utc');

    it('matches the first enabled one; the others are unmanaged duplicates', () => {
      const entries = planSchedules({
        desired: [desired('0 6 * * ? *', 'UTC')],
        live: [disabledCopy, enabledCopy, thirdCopy],
        isPruning: false,
      });
      expect(
        entries.map((entry) => [entry.action, 'scheduleId' in entry ? entry.scheduleId : undefined]),
      ).toEqual([
        ['unchanged', enabledCopy.scheduleId],
        ['unmanaged', disabledCopy.scheduleId],
        ['unmanaged', thirdCopy.scheduleId],
      ]);
      expect(entries.slice(1).map((entry) => 'note' in entry && entry.note)).toEqual([
        DUPLICATE_SCHEDULE_NOTE,
        DUPLICATE_SCHEDULE_NOTE,
      ]);
    });

    it('with prune, deletes the extra copies and keeps the matched one', () => {
      const entries = planSchedules({
        desired: [desired('0 6 * * ? *', 'UTC')],
        live: [disabledCopy, enabledCopy, thirdCopy],
        isPruning: true,
      });
      expect(entries.map((entry) => entry.action)).toEqual(['unchanged', 'delete', 'delete']);
      expect(entries[0]).toMatchObject({ scheduleId: enabledCopy.scheduleId });
    });

    it('matches the first one when all are disabled', () => {
      const other = live('0 6 * * ? *', 'UTC', { disabledAt: '2026-02-02T00:00:00Z' });
      const entries = planSchedules({
        desired: [desired('0 6 * * ? *', 'UTC')],
        live: [disabledCopy, other],
        isPruning: false,
      });
      expect(entries[0]).toMatchObject({
        action: 'unchanged',
        scheduleId: disabledCopy.scheduleId,
        isDisabled: true,
      });
    });

    it('duplicates of a pair the file lacks are all unmanaged, or all deleted with prune', () => {
      expect(
        planSchedules({ desired: [], live: [enabledCopy, thirdCopy], isPruning: false }).map((e) => e.action),
      ).toEqual(['unmanaged', 'unmanaged']);
      expect(
        planSchedules({ desired: [], live: [enabledCopy, thirdCopy], isPruning: true }).map((e) => e.action),
      ).toEqual(['delete', 'delete']);
    });
  });

  it('plans a pair the file repeats once', () => {
    const entries = planSchedules({
      desired: [desired('0 6 * * ? *', 'UTC'), desired('0 6 * * ? *', 'UTC', 2)],
      live: [],
      isPruning: false,
    });
    expect(summary(entries)).toEqual(['create 0 6 * * ? * (UTC)']);
  });

  it('keeps the file order, then Omni order', () => {
    const entries = planSchedules({
      desired: [desired('0 9 * * ? *', 'UTC'), desired('0 1 * * ? *', 'UTC')],
      live: [live('0 5 * * ? *', 'UTC'), live('0 1 * * ? *', 'UTC'), live('0 2 * * ? *', 'UTC')],
      isPruning: false,
    });
    expect(summary(entries)).toEqual([
      'create 0 9 * * ? * (UTC)',
      'unchanged 0 1 * * ? * (UTC)',
      'unmanaged 0 5 * * ? * (UTC)',
      'unmanaged 0 2 * * ? * (UTC)',
    ]);
  });

  it('nothing in the file and nothing in Omni: no entries', () => {
    expect(planSchedules({ desired: [], live: [], isPruning: true })).toEqual([]);
  });
});

describe('countScheduleChanges and hasScheduleChanges', () => {
  it.each<[string, boolean, number]>([
    ['', false, 0],
    ['create', false, 1],
    ['delete', true, 1],
  ])('%s', (kind, isPruning, expected) => {
    const entries = planSchedules({
      desired: kind === 'create' ? [desired('0 6 * * ? *', 'UTC')] : [desired('0 7 * * ? *', 'UTC')],
      live: [live('0 7 * * ? *', 'UTC'), ...(kind === 'delete' ? [live('0 8 * * ? *', 'UTC')] : [])],
      isPruning,
    });
    expect(countScheduleChanges(entries)).toBe(expected);
    expect(hasScheduleChanges(entries)).toBe(expected > 0);
  });

  it('unmanaged schedules are no change', () => {
    const entries = planSchedules({ desired: [], live: [live('0 7 * * ? *', 'UTC')], isPruning: false });
    expect(hasScheduleChanges(entries)).toBe(false);
  });
});

describe('verifyScheduleWrites', () => {
  const kept = live('0 7 * * ? *', 'UTC');
  const stale = live('0 3 * * ? *', 'UTC');
  const entries = planSchedules({
    desired: [desired('0 6 * * ? *', 'Europe/Berlin'), desired('0 7 * * ? *', 'UTC')],
    live: [kept, stale],
    isPruning: true,
  });

  it('finds nothing when the created pair is there and the deleted id gone', () => {
    const created = live('0 6 * * ? *', 'Europe/Berlin');
    expect(verifyScheduleWrites(entries, [kept, created])).toEqual([]);
  });

  it('matches the created pair in its normal form', () => {
    expect(verifyScheduleWrites(entries, [kept, live('0  6 * * ? *', 'europe/berlin')])).toEqual([]);
  });

  it('reports a created pair that is missing and a deleted schedule still there', () => {
    expect(verifyScheduleWrites(entries, [kept, stale])).toEqual([
      { schedule: '0 6 * * ? * (Europe/Berlin)', message: 'schedule 0 6 * * ? * (Europe/Berlin) is missing' },
      { schedule: '0 3 * * ? * (UTC)', message: 'deleted schedule 0 3 * * ? * (UTC) is still there' },
    ]);
  });

  it('does not check entries it did not write', () => {
    expect(
      verifyScheduleWrites(
        entries.filter((entry) => entry.action === 'unchanged'),
        [],
      ),
    ).toEqual([]);
  });
});
