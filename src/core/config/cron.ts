// Checks of a schema refresh schedule's two halves before anything is sent: the AWS EventBridge cron
// Omni takes (contract/models.openapi.yaml, connectionsSchedulesCreate) and the IANA time zone; plus
// the one normal form in which a file's schedule and Omni's are compared.
import { suggestKey } from './messages.js';

// The syntax is EventBridge's, as its reference gives it:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
// six fields `minutes hours day-of-month month day-of-week year`, the values and wildcards below,
// `?` in exactly one of the two day fields, and a `#` day-of-week holding one expression only.
// Where the reference is silent, the Quartz rules EventBridge's syntax comes from decide, and say so:
// names and letters in any case (Quartz upper-cases the expression), `*/n` as `0/n`, `nL` for the
// last such day of the week and `LW` for the last weekday of the month. Forms the reference does not
// document and that have a documented equivalent are refused with that equivalent (`L-3`, `FRIL`,
// backward ranges such as `22-2`).

export type CronField = 'minutes' | 'hours' | 'day-of-month' | 'month' | 'day-of-week' | 'year';

export const CRON_FIELDS: readonly CronField[] = [
  'minutes',
  'hours',
  'day-of-month',
  'month',
  'day-of-week',
  'year',
];

export interface CronProblem {
  /** The field the problem is in; `day fields` for the pair rule, `expression` for the whole. */
  field: CronField | 'day fields' | 'expression';
  /** What is wrong, what was expected and how to fix it. */
  message: string;
}

const SIX_FIELDS = '`minutes hours day-of-month month day-of-week year`';
const EXAMPLE = '`0 6 * * ? *` (every day at 06:00)';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  field: CronField;
  min: number;
  max: number;
  /** Names for min, min+1, … (month and day-of-week). */
  names?: readonly string[];
  /** How the allowed values are said in a message. */
  range: string;
  /** The wildcards EventBridge allows in the field, as its reference lists them. */
  wildcards: string;
}

const RULES: readonly FieldRule[] = [
  { field: 'minutes', min: 0, max: 59, range: '0 to 59', wildcards: ', - * /' },
  { field: 'hours', min: 0, max: 23, range: '0 to 23', wildcards: ', - * /' },
  { field: 'day-of-month', min: 1, max: 31, range: '1 to 31', wildcards: ', - * ? / L W' },
  { field: 'month', min: 1, max: 12, names: MONTHS, range: '1 to 12 or JAN to DEC', wildcards: ', - * /' },
  {
    field: 'day-of-week',
    min: 1,
    max: 7,
    names: DAYS,
    range: '1 (SUN) to 7 (SAT) or SUN to SAT; EventBridge counts Sunday as 1, where Unix cron counts it as 0',
    wildcards: ', - * ? L #',
  },
  { field: 'year', min: 1970, max: 2199, range: '1970 to 2199', wildcards: ', - * /' },
];

const SHORTCUTS: Record<string, string> = {
  '@HOURLY': '0 * * * ? *',
  '@DAILY': '0 0 * * ? *',
  '@MIDNIGHT': '0 0 * * ? *',
  '@WEEKLY': '0 0 ? * SUN *',
  '@MONTHLY': '0 0 1 * ? *',
  '@YEARLY': '0 0 1 1 ? *',
  '@ANNUALLY': '0 0 1 1 ? *',
};

/**
 * Every problem of an EventBridge cron expression at once, each naming its field with what was
 * expected and how to fix it; empty when EventBridge's syntax accepts it. A five-field (Unix) or
 * seven-field (Quartz, seconds first) cron is told so, with its six-field form where one exists.
 */
export function checkEventBridgeCron(text: string): CronProblem[] {
  const trimmed = text.trim();
  if (trimmed === '') {
    return [whole(`the schedule is empty: write six fields, ${SIX_FIELDS}, e.g. ${EXAMPLE}`)];
  }
  const wrapped = /^(cron|rate)\s*\((.*)\)$/i.exec(trimmed);
  if (wrapped?.[1]?.toLowerCase() === 'rate') {
    return [
      whole(
        `\`${trimmed}\` is a rate expression; Omni's schedules take a cron of six fields, ${SIX_FIELDS}, e.g. \`0/30 * * * ? *\` for every 30 minutes`,
      ),
    ];
  }
  if (wrapped) {
    const inner = (wrapped[2] ?? '').trim();
    return [
      whole(`write the fields without \`cron( )\` around them: \`${normaliseCron(inner)}\``),
      ...checkEventBridgeCron(inner),
    ];
  }
  const shortcut = SHORTCUTS[trimmed.toUpperCase()];
  if (shortcut) {
    return [whole(`\`${trimmed}\` is a Unix cron shortcut; EventBridge wants six fields: \`${shortcut}\``)];
  }
  if (trimmed.startsWith('@')) {
    return [whole(`\`${trimmed}\` is not a cron; write six fields, ${SIX_FIELDS}, e.g. ${EXAMPLE}`)];
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length === 5) return [whole(describeUnixCron(fields))];
  if (fields.length === 7) return [whole(describeQuartzCron(fields))];
  if (fields.length !== 6) {
    return [
      whole(
        `\`${trimmed}\` has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}; EventBridge wants six, ${SIX_FIELDS}, e.g. ${EXAMPLE}`,
      ),
    ];
  }
  const problems = checkSixFields(fields);
  // `0 0 12 * * ?` is Quartz's six fields (seconds first, no year), common in Java and Spring docs.
  const asQuartz = [...fields.slice(1), '*'].join(' ');
  if (problems.length > 0 && checkSixFields(asQuartz.split(' ')).length === 0) {
    problems.push(
      whole(
        `if this is a Quartz cron (seconds first, no year), EventBridge's six fields are \`${normaliseCron(asQuartz)}\``,
      ),
    );
  }
  return problems;
}

function whole(message: string): CronProblem {
  return { field: 'expression', message };
}

function checkSixFields(fields: readonly string[]): CronProblem[] {
  const problems: CronProblem[] = [];
  RULES.forEach((rule, index) => {
    const value = fields[index] ?? '';
    for (const message of checkField(rule, value.toUpperCase())) {
      problems.push({ field: rule.field, message: `${rule.field} \`${value}\`: ${message}` });
    }
  });
  const dayOfMonth = (fields[2] ?? '').toUpperCase();
  const dayOfWeek = (fields[4] ?? '').toUpperCase();
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    problems.push({
      field: 'day fields',
      message: `day-of-month and day-of-week are both \`?\`: exactly one of them is \`?\`; for every day, write \`*\` in day-of-month${showFixed(fields, { 2: '*' })}`,
    });
  } else if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    problems.push({ field: 'day fields', message: describeBothDays(fields, dayOfMonth, dayOfWeek) });
  }
  return problems;
}

function describeBothDays(fields: readonly string[], dayOfMonth: string, dayOfWeek: string): string {
  const start = `day-of-month \`${fields[2]}\` and day-of-week \`${fields[4]}\` are both set: EventBridge needs \`?\` in exactly one of them`;
  if (dayOfWeek === '*') return `${start}; write \`?\` in day-of-week${showFixed(fields, { 4: '?' })}`;
  if (dayOfMonth === '*') return `${start}; write \`?\` in day-of-month${showFixed(fields, { 2: '?' })}`;
  return `${start}, since a schedule cannot ask for a day of the month and a day of the week together; write \`?\` in the one you do not need`;
}

/** `: \`fixed expression\`` when the fix gives a valid expression; empty when other problems remain. */
function showFixed(fields: readonly string[], replacements: Record<number, string>): string {
  const fixed = withFields(fields, replacements);
  return checkSixFields(fixed.split(' ')).length === 0 ? `: \`${normaliseCron(fixed)}\`` : '';
}

function withFields(fields: readonly string[], replacements: Record<number, string>): string {
  return fields.map((value, index) => replacements[index] ?? value).join(' ');
}

/** The problems of one field's text (upper-cased), each without the field's name. */
function checkField(rule: FieldRule, text: string): string[] {
  if (text === '?') {
    return rule.field === 'day-of-month' || rule.field === 'day-of-week'
      ? []
      : [`\`?\` is only for day-of-month or day-of-week; write \`*\` for every ${describeUnit(rule)}`];
  }
  if (rule.field === 'day-of-month') {
    const special = checkDayOfMonthSpecial(text);
    if (special) return special;
  }
  if (rule.field === 'day-of-week') {
    const special = checkDayOfWeekSpecial(text);
    if (special) return special;
  }
  if (text.includes('?')) {
    return ['`?` stands alone in its field; it cannot be part of a list, range or step'];
  }
  return text.split(',').flatMap((item) => checkItem(rule, item));
}

function describeUnit(rule: FieldRule): string {
  const units: Record<CronField, string> = {
    minutes: 'minute',
    hours: 'hour',
    'day-of-month': 'day',
    month: 'month',
    'day-of-week': 'day',
    year: 'year',
  };
  return units[rule.field];
}

/** `L`, `LW` and `nW` stand alone; undefined when the field is none of those and holds no L or W. */
function checkDayOfMonthSpecial(text: string): string[] | undefined {
  if (text === 'L' || text === 'LW') return [];
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) {
    const day = Number(weekday[1]);
    return day >= 1 && day <= 31
      ? []
      : [`${weekday[1]} is out of range: \`nW\` (the weekday nearest day n) takes a day from 1 to 31`];
  }
  if (/^L-\d+$/.test(text)) {
    return [
      "`L-n` (n days before the last) is not in EventBridge's syntax; `L` is the last day of the month, `LW` its last weekday",
    ];
  }
  if (/[LW]/.test(text)) {
    return [
      '`L` (the last day), `LW` (the last weekday) and `nW` (the weekday nearest day n, e.g. `15W`) stand alone in day-of-month, with no list or range',
    ];
  }
  return undefined;
}

/** `L`, `nL` and `d#n` stand alone; undefined when the field is none of those and holds no L or #. */
function checkDayOfWeekSpecial(text: string): string[] | undefined {
  if (text === 'L') return [];
  const last = /^([A-Z0-9]+)L$/.exec(text);
  if (last?.[1]) {
    const day = parseDay(last[1]);
    if (/^\d+$/.test(last[1])) {
      return day !== undefined
        ? []
        : [
            `${last[1]} is out of range: \`nL\` (the last such day of the month) takes a day from 1 (SUN) to 7 (SAT)`,
          ];
    }
    if (day !== undefined)
      return [`write the day as a number before \`L\`: \`${day}L\` is the last ${last[1]} of the month`];
  }
  if (text.includes('#')) {
    if (text.includes(',')) {
      return [
        '`#` allows one expression only in day-of-week (EventBridge refuses `3#1,6#3`): keep one, or make two schedules',
      ];
    }
    const nth = /^([A-Z0-9]+)#(\d+)$/.exec(text);
    if (!nth?.[1] || !nth[2]) {
      return ['write `#` as `day#n`: `3#2` or `TUE#2` is the second Tuesday of the month'];
    }
    const problems: string[] = [];
    if (parseDay(nth[1]) === undefined) {
      problems.push(
        `\`${nth[1]}\` is not a day of the week: write 1 (SUN) to 7 (SAT) or SUN to SAT before \`#\``,
      );
    }
    const week = Number(nth[2]);
    if (week < 1 || week > 5) problems.push(`${nth[2]} is out of range: the n of \`day#n\` goes from 1 to 5`);
    return problems;
  }
  // WED has a W: only letters outside the day names are wildcards.
  const wildcards = text.replace(/SUN|MON|TUE|WED|THU|FRI|SAT/g, '');
  if (wildcards.includes('L')) {
    return [
      '`L` (the last day of the week) and `nL` (the last such day of the month, e.g. `6L`) stand alone in day-of-week',
    ];
  }
  if (wildcards.includes('W')) {
    return ['`W` (the nearest weekday) belongs in day-of-month, not in day-of-week'];
  }
  return undefined;
}

function parseDay(token: string): number | undefined {
  return parseValue(RULES[4] as FieldRule, token).value;
}

/** One item of a list: a star (alone or with a step), `a`, `a-b`, `a/s` or `a-b/s`. */
function checkItem(rule: FieldRule, item: string): string[] {
  if (item === '') return ['a list has an empty value; write values separated by single commas, e.g. `1,15`'];
  const [base = '', step, ...rest] = item.split('/');
  const problems: string[] = [];
  if (step !== undefined) {
    if (rule.field === 'day-of-week') {
      return ['day-of-week takes no `/`; list the days instead, e.g. `MON,WED,FRI`'];
    }
    if (rest.length > 0 || !/^\d+$/.test(step)) {
      return [`\`${item}\` is not a step: write \`start/increment\`, e.g. \`0/15\``];
    }
    const increment = Number(step);
    if (increment < 1 || (rule.field !== 'year' && increment > rule.max)) {
      problems.push(
        rule.field === 'year'
          ? `the increment ${step} is out of range: it is 1 or more`
          : `the increment ${step} is out of range: it goes from 1 to ${rule.max}`,
      );
    }
  }
  if (base === '*') return problems;
  if (base.includes('*')) return [`\`*\` stands alone (or as \`*/n\`); \`${item}\` mixes it with values`];
  const bounds = base.split('-');
  if (bounds.length > 2 || bounds.some((bound) => bound === '')) {
    return [`\`${item}\` is not a value or a range: write \`a\` or \`a-b\`, values from ${rule.range}`];
  }
  const values: number[] = [];
  for (const bound of bounds) {
    const parsed = parseValue(rule, bound);
    if (parsed.problem) problems.push(parsed.problem);
    else if (parsed.value !== undefined) values.push(parsed.value);
  }
  const [from, to] = values;
  if (from !== undefined && to !== undefined && from > to) {
    problems.push(
      `the range \`${base}\` runs backwards: write it from the smaller end, as two ranges if it wraps (e.g. \`22-23,0-2\`)`,
    );
  }
  return problems;
}

function parseValue(rule: FieldRule, token: string): { value?: number; problem?: string } {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < rule.min || value > rule.max) {
      return { problem: `${token} is out of range: ${rule.field} takes ${rule.range}` };
    }
    return { value };
  }
  const index = rule.names?.indexOf(token) ?? -1;
  if (index >= 0) return { value: rule.min + index };
  if (rule.names) {
    const close = rule.names.find((name) => token.startsWith(name)) ?? suggestKey(token, rule.names, 1);
    const hint = close ? `did you mean \`${close}\`? ` : '';
    return {
      problem: `\`${token}\` is not a ${rule.field === 'month' ? 'month' : 'day of the week'}: ${hint}write ${rule.range}`,
    };
  }
  return {
    problem: `\`${token}\` is not a number: ${rule.field} takes ${rule.range} (wildcards ${rule.wildcards})`,
  };
}

/** A five-field Unix cron: said so, with its EventBridge form when one follows mechanically. */
function describeUnixCron(fields: readonly string[]): string {
  const start = `\`${fields.join(' ')}\` has five fields, as Unix cron has; EventBridge wants six, ${SIX_FIELDS}, with \`?\` in one of the day fields and day-of-week counted 1 (SUN) to 7 (SAT)`;
  const converted = convertUnixCron(fields);
  return converted ? `${start}: \`${converted}\`` : `${start}, e.g. ${EXAMPLE}`;
}

function convertUnixCron(fields: readonly string[]): string | undefined {
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  let days: [string, string];
  if (dayOfWeek === '*') days = [dayOfMonth, '?'];
  else if (dayOfMonth === '*') {
    const shifted = shiftUnixDays(dayOfWeek);
    if (!shifted) return undefined;
    days = ['?', shifted];
  } else return undefined;
  const candidate = [minutes, hours, days[0], month, days[1], '*'].join(' ');
  return checkEventBridgeCron(candidate).length === 0 ? normaliseCron(candidate) : undefined;
}

/** Unix day-of-week numbers (0 or 7 = SUN … 6 = SAT) as EventBridge's (1 = SUN … 7 = SAT). */
function shiftUnixDays(text: string): string | undefined {
  if (!/^[0-9,-]+$/.test(text)) return /^[A-Za-z,-]+$/.test(text) ? text : undefined;
  const shifted = text.replace(/\d+/g, (digits) => String((Number(digits) % 7) + 1));
  const isBackward = shifted.split(',').some((item) => {
    const [from, to] = item.split('-').map(Number);
    return from !== undefined && to !== undefined && from > to;
  });
  return isBackward ? undefined : shifted;
}

/** A seven-field Quartz cron (seconds first): said so, with the six fields EventBridge wants. */
function describeQuartzCron(fields: readonly string[]): string {
  const [seconds, ...rest] = fields;
  const start = `\`${fields.join(' ')}\` has seven fields, as Quartz cron has with seconds first; EventBridge has no seconds and wants six, ${SIX_FIELDS}`;
  const candidate = rest.join(' ');
  if (checkEventBridgeCron(candidate).length > 0) return `${start}, e.g. ${EXAMPLE}`;
  const note =
    seconds === '0' ? '' : ` (it runs at the start of the minute; \`${seconds}\` seconds are dropped)`;
  return `${start}: \`${normaliseCron(candidate)}\`${note}`;
}

/**
 * The form in which a file's schedule and Omni's are compared: white space trimmed and its runs made
 * one space, letters upper-cased (Quartz, where EventBridge's syntax comes from, upper-cases the
 * expression: `mon-fri` is `MON-FRI`). Nothing else: `2-6` and `MON-FRI` mean the same days but are
 * different texts, and a change from one to the other shows in the plan as a new schedule.
 */
export function normaliseCron(text: string): string {
  return text.trim().split(/\s+/).join(' ').toUpperCase();
}

/**
 * The key under which two (schedule, timezone) pairs are the same schedule: the cron in its normal form,
 * the zone trimmed and without regard to case. The file's duplicates (load.ts) and the plan's matching
 * against Omni's list (plan/schedules.ts) both compare by it.
 */
export function schedulePairKey(pair: { schedule: string; timezone: string }): string {
  return JSON.stringify([normaliseCron(pair.schedule), pair.timezone.trim().toLowerCase()]);
}

export interface TimeZoneProblem {
  message: string;
  /** The known zone the name most likely meant, when there is one. */
  suggestion?: string;
}

/**
 * Whether `name` is an IANA time zone as Node's `Intl` knows it, undefined when it is. Accepted: every
 * name `Intl.DateTimeFormat` accepts, canonical (`Europe/Berlin`) or an IANA link (`US/Eastern`,
 * `UTC`, `Asia/Calcutta`); `Intl.supportedValuesOf('timeZone')` lists canonical zones only, and which
 * of a renamed zone's two names is canonical differs between ICU versions (Node 20 and 24 list
 * `Asia/Calcutta`, not `Asia/Kolkata`, and neither lists `UTC`), so the list alone would refuse names
 * the IANA database keeps valid. Refused: UTC offsets (`+01:00`, which newer Node accepts but is not
 * an IANA name), a known zone written in the wrong case (say `europe/berlin`: the IANA database
 * spells each name one way), and unknown names, with a "did you mean" for near misses.
 */
export function checkTimeZone(name: string): TimeZoneProblem | undefined {
  const zones = listTimeZones();
  const suggestion = suggestKey(name, zones);
  const unknown = (): TimeZoneProblem => ({
    message: `\`${name}\` is not an IANA time zone: ${suggestion ? `did you mean \`${suggestion}\`? ` : ''}write a name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\``,
    ...(suggestion ? { suggestion } : {}),
  });
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) {
    if (/^[+-]\d/.test(name.trim())) {
      return {
        message: `\`${name}\` is a UTC offset, not an IANA time zone: write the zone's name, e.g. \`Europe/Berlin\` or \`Etc/GMT-1\` (a fixed offset of +1 hour)`,
      };
    }
    return unknown();
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return unknown();
  }
  const sameLetters = [resolved, ...zones].find(
    (zone) => zone !== name && zone.toLowerCase() === name.toLowerCase(),
  );
  if (sameLetters) {
    return {
      message: `write the time zone as \`${sameLetters}\`: IANA names are spelled in one case`,
      suggestion: sameLetters,
    };
  }
  return undefined;
}

let knownZones: string[] | undefined;

function listTimeZones(): string[] {
  knownZones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return knownZones;
}
