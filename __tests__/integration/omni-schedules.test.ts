// The schedules endpoint family against the sandbox over real HTTP: a connection's schedules listed (disabled
// ones included), created without guessing after a lost answer, updated, deleted with the 404 rule, and the
// 400s Omni gives a bad cron or zone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { hintForError, OmniListError } from '../../src/core/omni/errors.js';
import { ACTION_TERMS } from '../../src/core/terms.js';
import { PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';
import { catchOmniError, createSandboxClient } from '../support/sandbox-client.js';

const TOKEN = 'sandbox-token';
const DAILY = '5cd00000-0000-4000-8000-000000000001';
const WEEKDAYS_DISABLED = '5cd00000-0000-4000-8000-000000000002';
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000dead';

let sandbox: Sandbox;
let clock = Date.parse('2026-03-01T08:00:00.000Z');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN], now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const makeClient = () => createSandboxClient(sandbox, TOKEN);
const catchError = catchOmniError;

const served = (method?: string) =>
  sandbox.requests.filter((r) => r.route === 'schedules' && (method === undefined || r.method === method));

describe('listSchedules', () => {
  it('lists the schedules of the connection, a disabled one with its disabledAt', async () => {
    await expect(makeClient().listSchedules(PRODUCTION_ID)).resolves.toEqual([
      {
        scheduleId: DAILY,
        schedule: '0 6 * * ? *',
        timezone: 'Europe/Berlin',
        description: 'Runs daily at 6:00 AM CET',
        disabledAt: null,
      },
      {
        scheduleId: WEEKDAYS_DISABLED,
        schedule: '30 18 ? * MON-FRI *',
        timezone: 'America/New_York',
        description: 'Runs at 6:30 PM EST, Monday through Friday',
        disabledAt: '2026-02-01T12:00:00.000Z',
      },
    ]);
  });

  it('refuses a list that holds a schedule of another connection', async () => {
    const [other] = sandbox.getSchedules(STAGING_ID);
    sandbox.script({ route: 'schedules', method: 'GET' }, [{ status: 200, body: { schedules: [other] } }]);
    const error = await catchError(makeClient().listSchedules(PRODUCTION_ID));
    expect(error).toBeInstanceOf(OmniListError);
    expect(error.message).toContain(`belongs to connection ${STAGING_ID}`);
  });
});

describe('createSchedule', () => {
  it('creates a schedule and answers it as Omni holds it', async () => {
    const created = await makeClient().createSchedule(STAGING_ID, {
      schedule: '15 4 ? * MON *',
      timezone: 'Asia/Tokyo',
    });
    expect(created).toMatchObject({ schedule: '15 4 ? * MON *', timezone: 'Asia/Tokyo', disabledAt: null });
    expect(sandbox.getSchedules(STAGING_ID).map((s) => s.scheduleId)).toContain(created.scheduleId);
    expect(served('POST').map((r) => r.body)).toEqual([
      { schedule: '15 4 ? * MON *', timezone: 'Asia/Tokyo' },
    ]);
  });

  it.each([
    ['0 6 * * *', 'Europe/Berlin', /has 5 fields/],
    ['0 6 * * * *', 'Europe/Berlin', /exactly one of day-of-month and day-of-week/],
    ['60 6 * * ? *', 'Europe/Berlin', /minutes: 60 is not a value from 0 to 59/],
    ['0 6 * * ? *', 'Mars/Olympus', /Invalid timezone "Mars\/Olympus"/],
  ])('answers 400 for "%s" in %s, with Omni’s detail', async (schedule, timezone, detail) => {
    const error = await catchError(makeClient().createSchedule(PRODUCTION_ID, { schedule, timezone }));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(detail);
    expect(served('POST')).toHaveLength(1);
  });

  it('after a lost answer, finds the schedule that was created instead of creating a second', async () => {
    sandbox.script({ route: 'schedules', method: 'POST' }, [{ applyThen: { reset: true } }]);
    const body = { schedule: '0 3 * * ? *', timezone: 'UTC' };
    const created = await makeClient().createSchedule(STAGING_ID, body);
    expect(sandbox.getSchedules(STAGING_ID).filter((s) => s.schedule === body.schedule)).toEqual([
      expect.objectContaining({ scheduleId: created.scheduleId }),
    ]);
    expect(served().map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('creates once more when the list shows the first create never landed', async () => {
    sandbox.script({ route: 'schedules', method: 'POST' }, [{ reset: true }]);
    await makeClient().createSchedule(STAGING_ID, { schedule: '0 3 * * ? *', timezone: 'UTC' });
    expect(sandbox.getSchedules(STAGING_ID).filter((s) => s.schedule === '0 3 * * ? *')).toHaveLength(1);
    expect(served().map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });
});

describe('updateSchedule', () => {
  it('sets the pair, keeps a disabled schedule disabled, and stamps updatedAt', async () => {
    clock += 60_000;
    const updated = await makeClient().updateSchedule(PRODUCTION_ID, WEEKDAYS_DISABLED, {
      schedule: '0 19 ? * MON-FRI *',
      timezone: 'America/New_York',
    });
    expect(updated).toMatchObject({ schedule: '0 19 ? * MON-FRI *', disabledAt: '2026-02-01T12:00:00.000Z' });
    const stored = sandbox.getSchedules(PRODUCTION_ID).find((s) => s.scheduleId === WEEKDAYS_DISABLED);
    expect(stored?.updatedAt).toBe(new Date(clock).toISOString());
  });

  it('is repeated after a lost answer: the same PUT sets the same state', async () => {
    sandbox.script({ route: 'schedules', method: 'PUT' }, [{ applyThen: { reset: true } }]);
    await makeClient().updateSchedule(PRODUCTION_ID, DAILY, {
      schedule: '0 7 * * ? *',
      timezone: 'Europe/Berlin',
    });
    expect(served('PUT')).toHaveLength(2);
    expect(sandbox.getSchedules(PRODUCTION_ID).filter((s) => s.schedule === '0 7 * * ? *')).toHaveLength(1);
  });
});

describe('deleteSchedule', () => {
  it('deletes, and counts a 404 as gone only when the connection lists no such schedule', async () => {
    const client = makeClient();
    await expect(client.deleteSchedule(PRODUCTION_ID, DAILY)).resolves.toBe('deleted');
    await expect(client.deleteSchedule(PRODUCTION_ID, DAILY)).resolves.toBe('absent');
    expect(served().map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'GET']);

    const noConnection = await catchError(client.deleteSchedule(UNKNOWN_ID, DAILY));
    expect(noConnection.status).toBe(404);
    expect(noConnection.method).toBe('GET');
    expect(hintForError(noConnection, ACTION_TERMS)).toMatch(/^No such connection on this Omni instance/);
  });

  it('keeps a 404 an error while the schedule is still listed', async () => {
    sandbox.script({ route: 'schedules', method: 'DELETE' }, [{ status: 404 }]);
    const error = await catchError(makeClient().deleteSchedule(PRODUCTION_ID, WEEKDAYS_DISABLED));
    expect(error.method).toBe('DELETE');
    expect(hintForError(error, ACTION_TERMS)).toMatch(/^No such connection or schema refresh schedule/);
    expect(sandbox.getSchedules(PRODUCTION_ID)).toHaveLength(2);
  });
});
