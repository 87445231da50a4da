// The run's one redactor: every form of every secret, short ones where they stand as a value, and cuts
// that never leave the first characters of a secret; and the transport's quoting, which redacts first.
import { describe, expect, it } from 'vitest';
import { extractErrorDetail, quoteText } from '../../../src/core/omni/transport.js';
import { createRedactor, redactStrings } from '../../../src/core/secrets.js';

const redactorOf = (...secrets: string[]) => {
  const redactor = createRedactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor;
};
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Every start of `secret` of `min` characters or more: what a cut inside it would leave. */
function listPrefixes(secret: string, min = 4): string[] {
  return Array.from({ length: secret.length - min + 1 }, (_, i) => secret.slice(0, min + i));
}

describe('createRedactor', () => {
  it.each([
    ['Bearer tok-1234 failed', 'tok-1234', 'Bearer *** failed'],
    ['tok-1234tok-1234 twice', 'tok-1234', '*** twice'],
    ['the value tok-1234 pasted', ' tok-1234\n', 'the value *** pasted'],
    ['nothing to hide', 'tok-1234', 'nothing to hide'],
    ['inside a word: xtok-1234y', 'tok-1234', 'inside a word: x***y'],
    ['empty secret', '', 'empty secret'],
    ['a mask is no secret: ***', '***', 'a mask is no secret: ***'],
  ])('%j without %j is %j', (text, secret, expected) => {
    expect(redactorOf(secret).redact(text)).toBe(expected);
  });

  // A secret with quotes, a backslash, a slash, a newline, a control character and non-ASCII letters.
  const awkward = 'pa"ss\\wörd/x\n\u0001-end';
  it.each([
    ['as is', awkward],
    ['JSON-escaped', JSON.stringify(awkward).slice(1, -1)],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(awkward).slice(1, -1)).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(awkward).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON-escaped ASCII-only', JSON.stringify(awkward).slice(1, -1).replace('ö', '\\u00f6')],
    ['JSON-escaped ASCII-only, upper case', JSON.stringify(awkward).slice(1, -1).replace('ö', '\\u00F6')],
    ['URL-encoded', encodeURIComponent(awkward)],
    [
      'URL-encoded, lower-case hex',
      encodeURIComponent(awkward).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ],
    ['encodeURI', encodeURI(awkward)],
    ['form-encoded', new URLSearchParams({ v: awkward }).toString().slice(2)],
    ['base64', base64(awkward)],
    ['base64 without padding', base64(awkward).replace(/=+$/, '')],
    ['base64url', base64Url(awkward)],
  ])('finds the secret %s', (_form, encoded) => {
    const redactor = redactorOf(awkward);
    const shown = redactor.redact(`before ${encoded} after`);
    expect(shown).toBe('before *** after');
  });

  it.each([0, 1, 2, 3, 4, 5])(
    'finds a secret inside a longer base64 text (Basic auth) after %i bytes, standard and URL-safe',
    (offset) => {
      const token = 'tok-8f3kq9zLw2';
      const redactor = redactorOf(token);
      const user = 'u'.repeat(offset);
      for (const encoded of [base64(`${user}:${token}:tail`), base64Url(`${user}:${token}:tail`)]) {
        const shown = redactor.redact(`Authorization: Basic ${encoded}`);
        expect(shown).toContain('***');
        // Only characters that its neighbours' bytes help decide are left of the secret's encoding.
        for (const form of [base64(token), base64Url(token)]) {
          for (const piece of listPrefixes(form.replace(/=+$/, '').slice(3, -3)))
            expect(shown).not.toContain(piece);
        }
      }
    },
  );

  describe('a secret shorter than 4 characters', () => {
    // The rule: replaced where neither neighbour is a letter, digit or underscore (any script), so where
    // it stands as a whole value; never inside a longer word.
    it.each([
      ['{"value":"pw1"}', '{"value":"***"}'],
      ['DBT_KEY=pw1', 'DBT_KEY=***'],
      ['password: pw1', 'password: ***'],
      ['pw1', '***'],
      ['value pw1 refused', 'value *** refused'],
      ['a=pw1&b=2', 'a=***&b=2'],
      ['"\\"pw1\\""', '"\\"***\\""'],
      ['pw1-prod', '***-prod'],
    ])('is redacted in %j', (text, expected) => {
      expect(redactorOf('pw1').redact(text)).toBe(expected);
    });

    it.each([['pw12'], ['apw1'], ['pw1x'], ['pw1_a'], ['_pw1'], ['épw1'], ['pw1ü'], ['pw1٣']])(
      'leaves the ordinary word %j alone',
      (text) => {
        expect(redactorOf('pw1').redact(text)).toBe(text);
      },
    );

    it('finds its JSON-escaped and URL-encoded forms as values, and its base64', () => {
      const redactor = redactorOf('a"b');
      expect(redactor.redact(JSON.stringify({ value: 'a"b' }))).toBe('{"value":"***"}');
      expect(redactor.redact(`x=${encodeURIComponent('a"b')}&y`)).toBe('x=***&y');
      expect(redactor.redact(`token ${base64('a"b')} sent`)).toBe('token *** sent');
    });
  });

  it('hides overlapping secrets whole, and a multi-line secret line by line', () => {
    expect(redactorOf('abcdefgh', 'efghijkl').redact('xxabcdefghijklyy')).toBe('xx***yy');
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n-----END KEY-----';
    expect(redactorOf(key).redact('line: MIIEvQIBADANBgkqhkiG9w0BAQEF')).toBe('line: ***');
  });

  it('tells onSecret of each value once (and of each line), never of its encoded forms', () => {
    const told: string[] = [];
    const redactor = createRedactor({ onSecret: (value) => told.push(value) });
    redactor.add('tok-1234');
    redactor.add(' tok-1234 ');
    redactor.add('line-one\nline-two');
    expect(told).toEqual(['tok-1234', 'line-one\nline-two', 'line-one', 'line-two']);
  });

  describe('cut', () => {
    const token = 'sandbox-token-9Qx7Lm2Zp4';

    it('redacts before it cuts, at every position of the cut inside the secret', () => {
      const redactor = redactorOf(token);
      for (let at = 300 - token.length - 2; at <= 302; at += 1) {
        const text = `${'x'.repeat(at)}${token} and more text after the token`;
        const shown = redactor.cut(text, 300);
        expect(shown.length).toBeLessThanOrEqual(301);
        for (const piece of listPrefixes(token)) expect(shown).not.toContain(piece);
      }
    });

    it('drops the first characters of a secret that a text already ends in', () => {
      const redactor = redactorOf(token);
      const shown = redactor.cut(`message: ${token.slice(0, 12)}${'z'.repeat(5)}`, 'message: '.length + 12);
      expect(shown).toBe('message: …');
    });

    it('never splits a surrogate pair', () => {
      expect(createRedactor().cut('ab😀cd', 3)).toBe('ab…');
    });
  });
});

describe("the transport's quoting of Omni's answers", () => {
  const token = 'omni-token-Hk29xQv7bN';
  const secret = 'dbt-secret-Zr8mWq3Lt5';

  it('never leaves the start of a secret, whatever position the 300-character cut falls at', () => {
    const redactor = redactorOf(token, secret);
    for (let at = 250; at <= 310; at += 1) {
      const echoed = `${'p'.repeat(at)}Bearer ${token} ${JSON.stringify({ value: secret })}`;
      for (const body of [JSON.stringify({ message: echoed }), echoed, `<p>${echoed}</p>`]) {
        const detail = extractErrorDetail(body, redactor) ?? '';
        for (const piece of [...listPrefixes(token), ...listPrefixes(secret)]) {
          expect(detail).not.toContain(piece);
        }
      }
    }
  });

  it('redacts a secret with white space before collapsing it', () => {
    const redactor = redactorOf('two  spaces\tand-tab');
    expect(quoteText('it was two  spaces\tand-tab, see', redactor)).toBe('it was ***, see');
  });
});

describe('redactStrings', () => {
  it('redacts every string of plain data at any depth, and leaves the rest as it was', () => {
    const redactor = redactorOf('ghs_Bv6Nc1Xs4Ge9Ua2Yk');
    const report = {
      error: 'token ghs_Bv6Nc1Xs4Ge9Ua2Yk refused',
      count: 3,
      isFailing: true,
      note: null,
      absent: undefined,
      connections: [{ warnings: ['a', 'ghs_Bv6Nc1Xs4Ge9Ua2Yk'], impact: { atRisk: [{ name: 'x' }] } }],
    };
    expect(redactStrings(report, redactor)).toEqual({
      error: 'token *** refused',
      count: 3,
      isFailing: true,
      note: null,
      absent: undefined,
      connections: [{ warnings: ['a', '***'], impact: { atRisk: [{ name: 'x' }] } }],
    });
    expect(report.error).toBe('token ghs_Bv6Nc1Xs4Ge9Ua2Yk refused');
  });
});
