// A connection's schema refresh schedules (contract/models.openapi.yaml, connectionsSchedules*): list,
// create, read, update and delete under /api/v1/connections/{connectionId}/schedules. A cron that is not
// six EventBridge fields, or a zone Node's Intl does not know, is a 400, as the contract says Omni answers.
import { loadModelsContract, SCHEDULE_PATH, SCHEDULES_PATH } from './contract.js';
import {
  clone,
  decodeSegment,
  deriveId,
  detailAnswer,
  methodNotAllowed,
  normalizeId,
  readJsonRequest,
  sequentialId,
} from './family.js';

const ROUTE = /^\/api\/v1\/connections\/([^/]+)\/schedules(?:\/([^/]+))?\/?$/;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * @typedef {{ route: 'schedules', connectionId: string, scheduleId: string | null }} SchedulesMatch
 * @typedef {import('./family.js').Answer} Answer
 * @typedef {import('./family.js').FamilyRequest} FamilyRequest
 *
 * @typedef {object} StoredSchedule ConnectionSchedule as the sandbox holds it
 * @property {string} scheduleId
 * @property {string} connectionId
 * @property {string} schedule
 * @property {string} timezone
 * @property {string} description
 * @property {string | null} disabledAt
 * @property {string} createdAt
 * @property {string} updatedAt
 *
 * @typedef {object} SeedSchedule
 * @property {string} [scheduleId] default: derived from the connection, cron and zone
 * @property {string} schedule
 * @property {string} timezone
 * @property {string | null} [disabledAt] set: the schedule is disabled in Omni
 * @property {string} [description] default: the sandbox's own wording
 * @property {string} [createdAt]
 * @property {string} [updatedAt]
 */

/**
 * One field of an EventBridge cron (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):
 * its range, names, and the wildcards beyond `, - * /` that it allows.
 * @typedef {{ name: string, min: number, max: number, names?: string[], nameBase?: number, extra: string[] }} CronField
 * @type {CronField[]}
 */
const CRON_FIELDS = [
  { name: 'minutes', min: 0, max: 59, extra: [] },
  { name: 'hours', min: 0, max: 23, extra: [] },
  { name: 'day-of-month', min: 1, max: 31, extra: ['?', 'L', 'W'] },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1, extra: [] },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, nameBase: 1, extra: ['?', 'L', '#'] },
  { name: 'year', min: 1970, max: 2199, extra: [] },
];

/** @param {string} text @param {CronField} field @returns {number | null} */
function readCronValue(text, field) {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? null : index + (field.nameBase ?? 0);
}

/** Why one comma-separated part of a field is not EventBridge's, or null. @param {string} part @param {CronField} field */
function checkCronPart(part, field) {
  const inRange = (/** @type {number | null} */ value) =>
    value !== null && value >= field.min && value <= field.max;
  if (field.extra.includes('L') && part === 'L') return null;
  if (field.name === 'day-of-month' && (part === 'LW' || /^\d+W$/.test(part))) {
    return part === 'LW' || inRange(Number(part.slice(0, -1))) ? null : `${part} is out of range`;
  }
  if (field.name === 'day-of-week') {
    const last = /^(\w+)L$/.exec(part);
    if (last) return inRange(readCronValue(last[1] ?? '', field)) ? null : `${part} is out of range`;
    const nth = /^(\w+)#(\d)$/.exec(part);
    if (nth) {
      const isValid =
        inRange(readCronValue(nth[1] ?? '', field)) && Number(nth[2]) >= 1 && Number(nth[2]) <= 5;
      return isValid ? null : `${part} is out of range`;
    }
  }
  const [base = '', step, ...more] = part.split('/');
  if (more.length > 0) return `${part} has more than one "/"`;
  if (step !== undefined && (field.name === 'day-of-week' || !/^\d+$/.test(step) || Number(step) < 1)) {
    return `${part} has a step EventBridge does not allow here`;
  }
  if (base === '*') return null;
  const [from = '', to, ...beyond] = base.split('-');
  if (beyond.length > 0) return `${part} is not a value or a range`;
  const low = readCronValue(from, field);
  const high = to === undefined ? low : readCronValue(to, field);
  if (!inRange(low) || !inRange(high)) return `${part} is not a value from ${field.min} to ${field.max}`;
  return null;
}

/**
 * Why `schedule` is not an AWS EventBridge cron expression of six fields, or null.
 * @param {string} schedule
 */
export function checkEventBridgeCron(schedule) {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 6)
    return `it has ${fields.length} fields; EventBridge cron has 6 (minutes hours day-of-month month day-of-week year)`;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'exactly one of day-of-month and day-of-week must be "?"';
  }
  for (const [index, text] of fields.entries()) {
    const field = /** @type {CronField} */ (CRON_FIELDS[index]);
    if (text === '?') {
      if (!field.extra.includes('?')) return `${field.name} cannot be "?"`;
      continue;
    }
    for (const part of text.split(',')) {
      const problem = checkCronPart(part, field);
      if (problem !== null) return `${field.name}: ${problem}`;
    }
  }
  return null;
}

/** Whether Node's Intl knows the zone (IANA names and their aliases). @param {string} timezone */
export function isKnownTimeZone(timezone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return timezone.trim() !== '';
  } catch {
    return false;
  }
}

/** The sandbox's wording of Omni's `description` ("Runs daily at 2:00 AM EST" in the contract). @param {string} schedule @param {string} timezone */
function describeSchedule(schedule, timezone) {
  return `Runs on the cron schedule "${schedule}" in ${timezone}`;
}

/** @param {SchedulesMatch} match @returns {string[]} */
function listMethods(match) {
  return match.scheduleId === null ? ['GET', 'POST'] : ['GET', 'PUT', 'DELETE'];
}

/**
 * @typedef {object} ScheduleServiceOptions
 * @property {(connectionId: string) => object | undefined} getConnectionState
 * @property {() => number} now
 */

/** @param {ScheduleServiceOptions} options */
export function createScheduleService(options) {
  const contract = loadModelsContract();
  /** @type {Map<string, StoredSchedule[]>} by normalized connection id */
  const schedules = new Map();
  let counter = 0;
  const stamp = () => new Date(options.now()).toISOString();

  /** @param {string} connectionId @param {SeedSchedule[]} list */
  const setSchedules = (connectionId, list) => {
    if (!Array.isArray(list)) throw new Error(`sandbox schedules of ${connectionId} must be a list`);
    const id = normalizeId(connectionId);
    schedules.set(
      id,
      list.map((seed) => {
        if (typeof seed?.schedule !== 'string' || typeof seed.timezone !== 'string') {
          throw new Error(`sandbox schedule of connection ${connectionId} needs a schedule and a timezone`);
        }
        return {
          scheduleId: normalizeId(
            seed.scheduleId ?? deriveId([id, 'schedule', seed.schedule, seed.timezone]),
          ),
          connectionId: id,
          schedule: seed.schedule,
          timezone: seed.timezone,
          description: seed.description ?? describeSchedule(seed.schedule, seed.timezone),
          disabledAt: seed.disabledAt ?? null,
          createdAt: seed.createdAt ?? '2026-01-05T09:00:00.000Z',
          updatedAt: seed.updatedAt ?? seed.createdAt ?? '2026-01-05T09:00:00.000Z',
        };
      }),
    );
  };

  /** @param {unknown} body @returns {{ body: { schedule: string, timezone: string } } | { answer: Answer }} */
  const checkBody = (body) => {
    const { schedule, timezone } = /** @type {{ schedule: string, timezone: string }} */ (body);
    const cronProblem = checkEventBridgeCron(schedule);
    if (cronProblem !== null)
      return { answer: detailAnswer(400, `Invalid cron expression "${schedule}": ${cronProblem}`) };
    if (!isKnownTimeZone(timezone)) return { answer: detailAnswer(400, `Invalid timezone "${timezone}"`) };
    return { body: { schedule, timezone } };
  };

  /** @param {string} method @param {SchedulesMatch} match @param {FamilyRequest} request @returns {Answer} */
  const serve = (method, match, request) => {
    const path = match.scheduleId === null ? SCHEDULES_PATH : SCHEDULE_PATH;
    for (const [name, value] of [
      ['connectionId', match.connectionId],
      ['scheduleId', match.scheduleId],
    ]) {
      if (value === null) continue;
      const check = contract.validateParameter(path, method, String(name), value);
      if (!check.isValid) return detailAnswer(400, check.message);
    }
    const queryCheck = contract.validateQuery(path, method, request.query);
    if (!queryCheck.isValid) return detailAnswer(400, queryCheck.message);
    // Every schedule route needs Connection Admin (the contract's 403s), reads included.
    if (request.isReadOnly) return detailAnswer(403, 'Permission denied - connection admin role required');
    /** @type {{ schedule: string, timezone: string } | undefined} */
    let body;
    if (method === 'POST' || method === 'PUT') {
      const read = readJsonRequest(request, (message) => detailAnswer(400, message));
      if ('answer' in read) return read.answer;
      const check = contract.validateRequestBody(path, method, read.body);
      if (!check.isValid) return detailAnswer(400, check.message);
      const checked = checkBody(read.body);
      if ('answer' in checked) return checked.answer;
      body = checked.body;
    }
    const connectionId = normalizeId(match.connectionId);
    if (!options.getConnectionState(connectionId)) return detailAnswer(404, 'Connection not found');
    const list = schedules.get(connectionId) ?? [];
    if (match.scheduleId === null) {
      if (method === 'GET') return { status: 200, body: { schedules: list.map((s) => ({ ...s })) } };
      counter += 1;
      const at = stamp();
      const { schedule, timezone } = /** @type {{ schedule: string, timezone: string }} */ (body);
      /** @type {StoredSchedule} */
      const created = {
        scheduleId: sequentialId('5c000000', counter),
        connectionId,
        schedule,
        timezone,
        description: describeSchedule(schedule, timezone),
        disabledAt: null,
        createdAt: at,
        updatedAt: at,
      };
      schedules.set(connectionId, [...list, created]);
      return { status: 201, body: { ...created } };
    }
    const stored = list.find((s) => s.scheduleId === normalizeId(match.scheduleId ?? ''));
    if (!stored) return detailAnswer(404, `Schedule ${match.scheduleId} not found on this connection`);
    if (method === 'GET') return { status: 200, body: { ...stored } };
    if (method === 'DELETE') {
      schedules.set(
        connectionId,
        list.filter((s) => s !== stored),
      );
      return { status: 200, body: { success: true } };
    }
    const { schedule, timezone } = /** @type {{ schedule: string, timezone: string }} */ (body);
    // Assumed (Omni does not say): every update that succeeds sets updatedAt, the same values included, and
    // leaves a disabled schedule disabled.
    Object.assign(stored, {
      schedule,
      timezone,
      description: describeSchedule(schedule, timezone),
      updatedAt: stamp(),
    });
    return { status: 200, body: { ...stored } };
  };

  return {
    /** @param {{ schedules?: Record<string, SeedSchedule[]> }} seed */
    load(seed) {
      schedules.clear();
      counter = 0;
      for (const [connectionId, list] of Object.entries(seed.schedules ?? {}))
        setSchedules(connectionId, list);
    },
    /** @param {string} pathname @returns {SchedulesMatch | null} */
    matchRoute(pathname) {
      const match = ROUTE.exec(pathname);
      if (!match) return null;
      return {
        route: 'schedules',
        connectionId: decodeSegment(match[1] ?? ''),
        scheduleId: match[2] === undefined ? null : decodeSegment(match[2]),
      };
    },
    listMethods,
    /** @param {string} method @param {SchedulesMatch} match @param {FamilyRequest} request @returns {Answer} */
    handle(method, match, request) {
      if (!listMethods(match).includes(method)) return methodNotAllowed(method, listMethods(match));
      return serve(method, match, request);
    },
    /** @param {string} method @param {SchedulesMatch} match @param {Answer} answer */
    checkAnswer(method, match, answer) {
      const path = match.scheduleId === null ? SCHEDULES_PATH : SCHEDULE_PATH;
      return contract.validateResponse(path, method, answer.status, answer.body);
    },
    /** @param {string} connectionId @returns {StoredSchedule[]} */
    getSchedules(connectionId) {
      return /** @type {StoredSchedule[]} */ (clone(schedules.get(normalizeId(connectionId)) ?? []));
    },
    setSchedules,
  };
}
