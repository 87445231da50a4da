// The schema refresh schedules endpoint family (contract/models.openapi.yaml, connectionsSchedules*): list,
// create, update and delete a connection's schedules under /v1/connections/{connectionId}/schedules.

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
