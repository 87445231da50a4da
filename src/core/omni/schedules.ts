// The schema refresh schedules endpoint family (contract/models.openapi.yaml, connectionsSchedules*): list,
// create, update and delete a connection's schedules under /v1/connections/{connectionId}/schedules.

import { z } from 'zod';
import { OmniListError } from './errors.js';
import { createUnlessFound, type Deletion, deleteUnlessAbsent } from './outcomes.js';
import { type ParseResult, parseSuccessAnswer, parseWithSchema, type Transport } from './transport.js';

/** A schedule as Omni holds it (ConnectionSchedule). */
export interface LiveSchedule {
  scheduleId: string;
  /** AWS EventBridge cron, six fields: `0 6 * * ? *`. */
  schedule: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** Omni's own words for it, e.g. "Runs daily at 2:00 AM EST". */
  description: string;
  /** Set when the schedule is disabled in Omni; it still counts as present. */
  disabledAt: string | null;
}

/** The body of a create or an update: the pair that identifies a schedule. */
export interface ScheduleBody {
  schedule: string;
  timezone: string;
}

/** What a deletion did: `absent` when the schedule was already gone (a checked 404). */
export type ScheduleDeletion = Deletion;

export interface SchedulesApi {
  /** Every schedule of the connection, disabled ones included (the list is not paged). */
  listSchedules(connectionId: string): Promise<LiveSchedule[]>;
  /** Creates one; after an unknown outcome it is looked up by (schedule, timezone) before it is sent again. */
  createSchedule(connectionId: string, body: ScheduleBody): Promise<LiveSchedule>;
  updateSchedule(connectionId: string, scheduleId: string, body: ScheduleBody): Promise<LiveSchedule>;
  /** `absent` when Omni answered 404 and the connection's list no longer holds the schedule. */
  deleteSchedule(connectionId: string, scheduleId: string): Promise<ScheduleDeletion>;
}

const CREATE_SCHEDULE_UNCERTAIN =
  'the schedule may or may not have been created, and the list did not settle it; the next plan shows whether it exists';

/** ConnectionSchedule; only the fields read here are checked beyond the connection id. */
const scheduleSchema = z.object({
  scheduleId: z.string(),
  connectionId: z.string(),
  schedule: z.string(),
  timezone: z.string(),
  description: z.string(),
  disabledAt: z.string().nullable(),
});
const scheduleListSchema = z.object({ schedules: z.array(scheduleSchema) });

function toLiveSchedule(schedule: z.infer<typeof scheduleSchema>): LiveSchedule {
  return {
    scheduleId: schedule.scheduleId,
    schedule: schedule.schedule,
    timezone: schedule.timezone,
    description: schedule.description,
    disabledAt: schedule.disabledAt,
  };
}

function isSameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** One schedule answer, which must belong to the connection asked for. */
function parseSchedule(connectionId: string): (value: unknown) => ParseResult<LiveSchedule> {
  return (value) => {
    const parsed = parseWithSchema(scheduleSchema, 'the schedule')(value);
    if (!parsed.ok) return parsed;
    if (!isSameId(parsed.value.connectionId, connectionId)) {
      return { ok: false, reason: `the schedule belongs to connection ${parsed.value.connectionId}` };
    }
    return { ok: true, value: toLiveSchedule(parsed.value) };
  };
}

function schedulesPath(connectionId: string, scheduleId?: string): string {
  const base = `/v1/connections/${encodeURIComponent(connectionId)}/schedules`;
  return scheduleId === undefined ? base : `${base}/${encodeURIComponent(scheduleId)}`;
}

export function createSchedulesApi(transport: Transport): SchedulesApi {
  const listSchedules: SchedulesApi['listSchedules'] = async (connectionId) => {
    const answer = await transport.request({
      method: 'GET',
      path: schedulesPath(connectionId),
      parse: parseWithSchema(scheduleListSchema, 'the schedule list'),
      isIdempotent: true,
    });
    // A prune deletes what this list holds: a schedule of another connection would be deleted by its id here.
    const foreign = answer.schedules.find((schedule) => !isSameId(schedule.connectionId, connectionId));
    if (foreign !== undefined) {
      throw new OmniListError({
        method: 'GET',
        path: schedulesPath(connectionId),
        reason: `schedule ${foreign.scheduleId} belongs to connection ${foreign.connectionId}`,
      });
    }
    return answer.schedules.map(toLiveSchedule);
  };

  return {
    listSchedules,
    createSchedule(connectionId, body) {
      const create = () =>
        transport.request({
          method: 'POST',
          path: schedulesPath(connectionId),
          body: { schedule: body.schedule, timezone: body.timezone },
          parse: parseSchedule(connectionId),
          // Each create that lands adds a schedule: not repeated blindly (outcomes.ts looks it up first).
          isIdempotent: false,
          uncertainOutcome: CREATE_SCHEDULE_UNCERTAIN,
        });
      const findCreated = async () =>
        (await listSchedules(connectionId)).find(
          (schedule) => schedule.schedule === body.schedule && schedule.timezone === body.timezone,
        );
      return createUnlessFound(create, findCreated);
    },
    updateSchedule(connectionId, scheduleId, body) {
      return transport.request({
        method: 'PUT',
        path: schedulesPath(connectionId, scheduleId),
        body: { schedule: body.schedule, timezone: body.timezone },
        parse: parseSchedule(connectionId),
        // The whole of a schedule's settable state: a repeat sets it again.
        isIdempotent: true,
      });
    },
    deleteSchedule(connectionId, scheduleId) {
      return deleteUnlessAbsent(
        async () => {
          await transport.request({
            method: 'DELETE',
            path: schedulesPath(connectionId, scheduleId),
            parse: parseSuccessAnswer,
            isIdempotent: true,
          });
        },
        // The list answers 404 itself when the connection is missing, which keeps that 404 an error.
        async () =>
          !(await listSchedules(connectionId)).some((schedule) => isSameId(schedule.scheduleId, scheduleId)),
      );
    },
  };
}
