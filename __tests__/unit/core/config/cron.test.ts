// EventBridge cron and IANA zone checks: the examples of EventBridge's reference pass, every kind of
// bad input gets a problem naming its field and the fix, all at once; the normal form compares only
// what EventBridge treats as equal.
import { describe, expect, it } from 'vitest';
import {
  type CronProblem,
  checkEventBridgeCron,
  checkTimeZone,
  normaliseCron,
} from '../../../../src/core/config/cron.js';

describe('checkEventBridgeCron: valid', () => {
  // The examples of https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
  const referenceExamples = [
    '0 10 * * ? *',
    '15 12 * * ? *',
    '0 18 ? * MON-FRI *',
    '0 8 1 * ? *',
    '0/15 * * * ? *',
    '0/10 * ? * MON-FRI *',
    '0/5 8-17 ? * MON-FRI *',
    '0 9 ? * 2#1 *',
  ];
  const moreForms = [
    '0 6 * * ? *',
    '1/10 * * * ? *', // the reference's own increment example
    '0 0 1,15 * ? *',
    '0 0 1-15 * ? *',
    '0 0 * JAN,FEB,MAR ? *',
    '0 0 L * ? *',
    '0 0 LW * ? *',
    '0 0 15W * ? *',
    '0 0 ? * L *',
    '0 0 ? * 6L *',
    '0 0 ? * MON#1 *',
    '0 0 ? * 7#5 *',
    '0 0 ? * SUN,SAT *',
    '0 0 ? * 1-7 *',
    '0 0 ? * WED *',
    '*/5 * * * ? *',
    '0 0-23/2 * * ? *',
    '59 23 31 12 ? 2199',
    '0 0 1 1 ? 1970',
    '0 0 1 1 ? 2025-2030',
    '0 0 1 1 ? 2025/2',
    '0 0 * jan-dec ? *',
    '0 0 ? * mon-fri *',
    '0 0 ? * 2-FRI *',
    '  0   6 *\t* ? *  ',
    '0 0 l * ? *',
  ];
  it.each([...referenceExamples, ...moreForms])('%s', (text) => {
    expect(checkEventBridgeCron(text)).toEqual([]);
  });
});

/** The problems' fields, and one message joined for the assertions on wording. */
function check(text: string): { fields: CronProblem['field'][]; text: string } {
  const problems = checkEventBridgeCron(text);
  return {
    fields: problems.map((problem) => problem.field),
    text: problems.map((p) => p.message).join(' | '),
  };
}

describe('checkEventBridgeCron: the field count', () => {
  it('a five-field Unix cron says so and shows the six fields', () => {
    const result = check('0 6 * * *');
    expect(result.fields).toEqual(['expression']);
    expect(result.text).toContain('five fields, as Unix cron has');
    expect(result.text).toContain('`0 6 * * ? *`');
  });

  it('a five-field cron with Unix day numbers is shown with EventBridge numbers', () => {
    expect(check('30 9 * * 1-5').text).toContain('`30 9 ? * 2-6 *`');
    expect(check('0 2 * * 0').text).toContain('`0 2 ? * 1 *`');
    expect(check('0 2 * * 7').text).toContain('`0 2 ? * 1 *`');
    expect(check('0 0 1 * *').text).toContain('`0 0 1 * ? *`');
  });

  it('a five-field cron with no mechanical translation gets an example instead', () => {
    const result = check('0 0 1 * 1');
    expect(result.text).toContain('five fields');
    expect(result.text).toContain('e.g. `0 6 * * ? *`');
  });

  it('a seven-field Quartz cron says so and drops the seconds', () => {
    const result = check('0 0 12 * * ? *');
    expect(result.fields).toEqual(['expression']);
    expect(result.text).toContain('seven fields, as Quartz cron has with seconds first');
    expect(result.text).toContain('`0 12 * * ? *`');
    expect(check('30 0 12 * * ? *').text).toContain('`30` seconds are dropped');
  });

  it("six Quartz fields (seconds, no year) get the field problems and Quartz's reading", () => {
    const result = check('0 0 12 * * ?');
    expect(result.fields).toEqual(['year', 'day fields', 'expression']);
    expect(result.text).toContain('`0 12 * * ? *`');
  });

  it.each([
    ['', 'the schedule is empty'],
    ['   ', 'the schedule is empty'],
    ['0 6 * *', 'has 4 fields'],
    ['0 0 6 * * ? * *', 'has 8 fields'],
    ['daily', 'has 1 field;'],
  ])('%j: %s', (text, expected) => {
    const result = check(text);
    expect(result.fields).toEqual(['expression']);
    expect(result.text).toContain(expected);
  });

  it('cron( ) around the fields is named, and the inside still checked', () => {
    expect(check('cron(0 6 * * ? *)')).toEqual({
      fields: ['expression'],
      text: 'write the fields without `cron( )` around them: `0 6 * * ? *`',
    });
    expect(check('cron(61 6 * * ? *)').fields).toEqual(['expression', 'minutes']);
  });

  it('a rate expression and Unix shortcuts are named', () => {
    expect(check('rate(5 minutes)').text).toContain('is a rate expression');
    expect(check('@daily').text).toContain('`0 0 * * ? *`');
    expect(check('@weekly').text).toContain('`0 0 ? * SUN *`');
    expect(check('@reboot').text).toContain('is not a cron');
  });
});

describe('checkEventBridgeCron: the day fields', () => {
  it('both day fields `?`', () => {
    const result = check('0 6 ? * ? *');
    expect(result.fields).toEqual(['day fields']);
    expect(result.text).toContain('both `?`');
    expect(result.text).toContain('`0 6 * * ? *`');
  });

  it('both day fields `*`: put `?` in day-of-week', () => {
    const result = check('0 6 * * * *');
    expect(result.fields).toEqual(['day fields']);
    expect(result.text).toContain('`?` in exactly one of them');
    expect(result.text).toContain('`0 6 * * ? *`');
  });

  it('a day of the week with `*` in day-of-month: put `?` in day-of-month', () => {
    expect(check('0 6 * * MON *').text).toContain('`0 6 ? * MON *`');
  });

  it('both day fields set to values: keep one', () => {
    const result = check('0 6 1 * MON *');
    expect(result.fields).toEqual(['day fields']);
    expect(result.text).toContain('write `?` in the one you do not need');
  });

  it('no fixed expression is shown while other problems remain', () => {
    const result = check('61 6 * * * *');
    expect(result.fields).toEqual(['minutes', 'day fields']);
    expect(result.text).not.toContain('`61 6 * * ? *`');
  });
});

describe('checkEventBridgeCron: each field', () => {
  it.each<[string, string, CronProblem['field'][], string]>([
    [
      'minutes out of range',
      '60 6 * * ? *',
      ['minutes'],
      'minutes `60`: 60 is out of range: minutes takes 0 to 59',
    ],
    ['hours out of range', '0 24 * * ? *', ['hours'], 'hours `24`: 24 is out of range: hours takes 0 to 23'],
    ['day-of-month 0', '0 6 0 * ? *', ['day-of-month'], 'day-of-month takes 1 to 31'],
    ['day-of-month 32', '0 6 32 * ? *', ['day-of-month'], '32 is out of range'],
    ['month 13', '0 6 * 13 ? *', ['month'], 'month takes 1 to 12 or JAN to DEC'],
    ['unknown month name', '0 6 * JANUARY ? *', ['month'], 'did you mean `JAN`?'],
    ['day-of-week 0 (Unix Sunday)', '0 6 ? * 0 *', ['day-of-week'], 'EventBridge counts Sunday as 1'],
    ['day-of-week 8', '0 6 ? * 8 *', ['day-of-week'], '8 is out of range'],
    ['unknown day name', '0 6 ? * MONDAY *', ['day-of-week'], 'did you mean `MON`?'],
    ['a typo in a day name', '0 6 ? * MOM *', ['day-of-week'], 'did you mean `MON`?'],
    ['year before 1970', '0 6 * * ? 1969', ['year'], 'year takes 1970 to 2199'],
    ['year after 2199', '0 6 * * ? 2200', ['year'], '2200 is out of range'],
    ['a month name in hours', '0 JAN * * ? *', ['hours'], '`JAN` is not a number'],
    ['`?` in minutes', '? 6 * * ? *', ['minutes'], '`?` is only for day-of-month or day-of-week'],
    ['`?` in a list', '0 6 1,? * ? *', ['day-of-month'], '`?` stands alone'],
    ['`L` in hours', '0 L * * ? *', ['hours'], '`L` is not a number'],
    [
      '`W` in day-of-week',
      '0 6 ? * 2W *',
      ['day-of-week'],
      '`W` (the nearest weekday) belongs in day-of-month',
    ],
    ['`#` in day-of-month', '0 6 1#2 * ? *', ['day-of-month'], '`1#2` is not a number'],
    ['`/` in day-of-week', '0 6 ? * 1/2 *', ['day-of-week'], 'day-of-week takes no `/`'],
    ['`L` in a list', '0 6 1,L * ? *', ['day-of-month'], 'stand alone in day-of-month'],
    ['`L-3` offset', '0 6 L-3 * ? *', ['day-of-month'], '`L-n` (n days before the last) is not in'],
    [
      '`W` out of range',
      '0 6 32W * ? *',
      ['day-of-month'],
      '`nW` (the weekday nearest day n) takes a day from 1 to 31',
    ],
    [
      '`nL` out of range',
      '0 6 ? * 8L *',
      ['day-of-week'],
      '`nL` (the last such day of the month) takes a day from 1',
    ],
    ['`FRIL`', '0 6 ? * FRIL *', ['day-of-week'], '`6L` is the last FRI of the month'],
    ['two `#` expressions', '0 6 ? * 3#1,6#3 *', ['day-of-week'], 'EventBridge refuses `3#1,6#3`'],
    ['`#` week 6', '0 6 ? * 2#6 *', ['day-of-week'], 'the n of `day#n` goes from 1 to 5'],
    ['`#` with no day', '0 6 ? * #2 *', ['day-of-week'], 'write `#` as `day#n`'],
    ['`#` with a bad day', '0 6 ? * 9#2 *', ['day-of-week'], '`9` is not a day of the week'],
    ['an empty list value', '0,,30 6 * * ? *', ['minutes'], 'a list has an empty value'],
    ['a range missing an end', '0 8- * * ? *', ['hours'], '`8-` is not a value or a range'],
    ['a backward range', '0 22-2 * * ? *', ['hours'], 'e.g. `22-23,0-2`'],
    ['a backward day range', '0 6 ? * FRI-MON *', ['day-of-week'], 'runs backwards'],
    ['a step of 0', '0/0 6 * * ? *', ['minutes'], 'the increment 0 is out of range: it goes from 1 to 59'],
    ['a step too large', '0/60 6 * * ? *', ['minutes'], 'the increment 60 is out of range'],
    [
      'a step that is no number (shown upper-cased, as compared)',
      '0/x 6 * * ? *',
      ['minutes'],
      '`0/X` is not a step',
    ],
    ['two steps', '0/5/5 6 * * ? *', ['minutes'], 'is not a step'],
    ['`*` inside a range', '0 *-5 * * ? *', ['hours'], '`*` stands alone'],
    ['a negative number', '-5 6 * * ? *', ['minutes'], 'is not a value or a range'],
  ])('%s', (_name, text, fields, expected) => {
    const result = check(text);
    expect(result.fields).toEqual(fields);
    expect(result.text).toContain(expected);
  });

  it('every message names its field and the value it holds', () => {
    const [problem] = checkEventBridgeCron('0 25 * * ? *');
    expect(problem?.message.startsWith('hours `25`: ')).toBe(true);
  });

  it('lists every problem at once', () => {
    const result = check('61 24 0 13 ? 1969');
    expect(result.fields).toEqual(['minutes', 'hours', 'day-of-month', 'month', 'year']);
  });

  it('lists several problems of one field', () => {
    const problems = checkEventBridgeCron('61,62 6 * * ? *');
    expect(problems.map((problem) => problem.message)).toEqual([
      'minutes `61,62`: 61 is out of range: minutes takes 0 to 59',
      'minutes `61,62`: 62 is out of range: minutes takes 0 to 59',
    ]);
  });
});

describe('normaliseCron', () => {
  it.each([
    ['0 6 * * ? *', '0 6 * * ? *'],
    ['  0  6 *\t*  ? * ', '0 6 * * ? *'],
    ['0 18 ? * mon-fri *', '0 18 ? * MON-FRI *'],
    ['0 0 lw * ? *', '0 0 LW * ? *'],
  ])('%j → %j', (text, expected) => {
    expect(normaliseCron(text)).toBe(expected);
  });

  it('keeps different spellings of the same days apart', () => {
    expect(normaliseCron('0 18 ? * 2-6 *')).not.toBe(normaliseCron('0 18 ? * MON-FRI *'));
  });
});

describe('checkTimeZone', () => {
  it.each([
    'Europe/Berlin',
    'America/New_York',
    'America/Argentina/Buenos_Aires',
    'Asia/Tokyo',
    'Etc/GMT+5',
    'UTC', // in no Node version's supportedValuesOf list, but an IANA name
    'US/Eastern', // an IANA link ("backward"): Intl accepts it, supportedValuesOf does not list it
    'Asia/Kolkata',
    'Asia/Calcutta',
  ])('%s is known', (zone) => {
    expect(checkTimeZone(zone)).toBeUndefined();
  });

  it('the links accepted here are ones supportedValuesOf leaves out', () => {
    const listed = Intl.supportedValuesOf('timeZone');
    expect(listed).not.toContain('US/Eastern');
    expect(listed).not.toContain('UTC');
  });

  it.each([
    ['Europe/Berln', 'Europe/Berlin'],
    ['America/New York', 'America/New_York'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['UTCC', 'UTC'], // UTC is in no supportedValuesOf list, yet a near miss of it is suggested
    ['Asia/Tokio', 'Asia/Tokyo'],
  ])('%s: did you mean %s', (zone, suggestion) => {
    const problem = checkTimeZone(zone);
    expect(problem?.suggestion).toBe(suggestion);
    expect(problem?.message).toContain(`\`${suggestion}\``);
  });

  it.each(['Mars/Olympus_Mons', 'Berlin', '', 'CET/'])('%j is unknown, with no suggestion', (zone) => {
    const problem = checkTimeZone(zone);
    expect(problem?.message).toContain('is not an IANA time zone');
    expect(problem?.suggestion).toBeUndefined();
  });

  it.each(['+01:00', '-05:00', '+0100'])(
    '%s is an offset, not a zone (newer Node accepts it in Intl)',
    (zone) => {
      expect(checkTimeZone(zone)?.message).toContain('is a UTC offset, not an IANA time zone');
    },
  );
});
