// The run's one redactor (pino's `redact` is the model): every secret is registered once, with the forms
// it takes once encoded, and every text that leaves the process is written through `redact` or `cut`
// (README, "What is redacted and escaped, and where").

/** What every secret, in any form, is replaced with. */
export const REDACTED = '***';

/**
 * Forms shorter than this are replaced only where they stand as a whole value (no letter, digit or `_` on either side):
 * searched for inside words, two or three characters would blank out ordinary words.
 */
export const MIN_SUBSTRING_LENGTH = 4;

export interface Redactor {
  /**
   * Registers a secret: its trimmed value, each of its lines, and their encoded forms. A value already
   * registered is not registered again (and not passed to `onSecret` again).
   */
  add(secret: string): void;
  /** `text` with every registered secret, in every form, replaced by `***`. */
  redact(text: string): string;
  /**
   * `text` redacted, then cut to at most `maxChars` characters plus `…`; the cut never ends in the first
   * characters of a secret (those are dropped too), nor inside a surrogate pair.
   */
  cut(text: string, maxChars: number): string;
}

export interface CreateRedactorOptions {
  /** Told of each new secret value (not its encoded forms), e.g. to mask it with the runner (`add-mask`). */
  onSecret?: (value: string) => void;
}

// A letter, digit or underscore in any script: what a short secret must not touch on either side.
const WORD_CHARACTER = '[\\p{L}\\p{N}_]';

export function createRedactor(options: CreateRedactorOptions = {}): Redactor {
  const values = new Set<string>();
  /** Searched for anywhere in a text. */
  const substringForms = new Set<string>();
  /** Searched for only where neither neighbour is a word character. */
  const wordForms = new Set<string>();
  let pattern: RegExp | undefined;
  let isPatternStale = false;

  const addValue = (value: string) => {
    if (value === '' || /^\**$/.test(value) || values.has(value)) return;
    values.add(value);
    options.onSecret?.(value);
    for (const form of listEncodedForms(value)) {
      if (form === '' || /^\**$/.test(form)) continue;
      if (form.length >= MIN_SUBSTRING_LENGTH) substringForms.add(form);
      else wordForms.add(form);
    }
    // A value shorter than the limit still hides inside base64 (its encoding alone is long enough).
    for (const form of listBase64Forms(value)) {
      if (form.length >= MIN_SUBSTRING_LENGTH) substringForms.add(form);
    }
    isPatternStale = true;
  };

  const findPattern = (): RegExp | undefined => {
    if (isPatternStale) {
      pattern = buildPattern([...substringForms], [...wordForms]);
      isPatternStale = false;
    }
    return pattern;
  };

  const redact = (text: string): string => {
    const found = findPattern();
    if (found === undefined || text === '') return text;
    return replaceRanges(text, findRanges(text, found));
  };

  return {
    add(secret) {
      const value = secret.trim();
      addValue(value);
      // A multi-line secret (a private key) is also hidden line by line: a log line holds one of them.
      if (/[\r\n]/.test(value)) for (const line of value.split(/\r\n|\r|\n/)) addValue(line.trim());
    },
    redact,
    cut(text, maxChars) {
      const shown = redact(text);
      if (shown.length <= maxChars) return shown;
      let kept = shown.slice(0, Math.max(0, maxChars));
      if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
      return `${dropSecretPrefix(kept, [...substringForms, ...wordForms])}…`;
    },
  };
}

/**
 * `value` with every string in it redacted, at any depth of its arrays and plain objects (a report is plain
 * data). For a renderer that escapes what it writes: escaping changes a secret's form (`ghs_…` becomes
 * `ghs\_…` in markdown), so redacting its output alone would miss it. Redact before escaping, as before cutting.
 */
export function redactStrings<T>(value: T, redactor: Pick<Redactor, 'redact'>): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactor.redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    }
    return item;
  };
  return walk(value) as T;
}

/**
 * The forms a secret takes where it is quoted: as is, JSON-escaped (once and twice, ASCII-only and with
 * `\/` as some servers write it) and URL-encoded (encodeURIComponent, encodeURI and form encoding, with
 * upper- and lower-case hex digits).
 */
function listEncodedForms(value: string): string[] {
  const json = escapeJson(value);
  const forms = [
    value,
    json,
    escapeJson(json),
    json.replace(/\//g, '\\/'),
    escapeJsonAscii(json, (hex) => hex.toLowerCase()),
    escapeJsonAscii(json, (hex) => hex.toUpperCase()),
  ];
  for (const encoded of [
    encodeURIComponent(value),
    encodeURI(value),
    new URLSearchParams({ v: value }).toString().slice(2),
  ]) {
    forms.push(
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (sequence) => sequence.toLowerCase()),
    );
  }
  return [...new Set(forms)];
}

/** The text of `value` inside a JSON string literal (without the quotes). */
function escapeJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** JSON-escaped text with every non-ASCII character as `\uXXXX`, as Python's json.dumps writes it. */
function escapeJsonAscii(json: string, setCase: (hex: string) => string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${setCase(character.charCodeAt(0).toString(16).padStart(4, '0'))}`,
  );
}

/**
 * The base64 forms (standard and URL-safe) of `value` alone, and of `value` inside a longer text at
 * each of the three byte alignments (`user:token` in a Basic header): for each, the characters that
 * only the secret's own bytes decide, so they appear whatever surrounds it.
 */
function listBase64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [];
  const whole = bytes.toString('base64');
  forms.push(whole, whole.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset += 1) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const firstOwn = [0, 2, 3][offset] ?? 0;
    const lastOwn = Math.floor(((offset + bytes.length) * 8) / 6);
    forms.push(shifted.slice(firstOwn, lastOwn));
  }
  const withUrlSafe = forms.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]);
  return [...new Set(withUrlSafe)];
}

/**
 * One scan finds every place a form starts (a lookahead matches at each position, so overlapping
 * secrets are all found); the longest form is tried first. Short forms need a non-word neighbour on
 * each side.
 */
function buildPattern(substringForms: string[], wordForms: string[]): RegExp | undefined {
  if (substringForms.length === 0 && wordForms.length === 0) return undefined;
  const longestFirst = (forms: string[]) => [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const alternatives = [...longestFirst(substringForms)];
  if (wordForms.length > 0) {
    alternatives.push(`(?<!${WORD_CHARACTER})(?:${longestFirst(wordForms).join('|')})(?!${WORD_CHARACTER})`);
  }
  return new RegExp(`(?=(${alternatives.join('|')}))`, 'gu');
}

/** Literal text as a pattern for the `u` flag: syntax characters escaped, non-ASCII by code unit. */
function escapeRegExp(text: string): string {
  let escaped = '';
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    const code = text.charCodeAt(index);
    if (/[\\^$.*+?()[\]{}|/]/.test(character)) escaped += `\\${character}`;
    else if (code < 0x20 || code > 0x7e) escaped += `\\u{${code.toString(16)}}`;
    else escaped += character;
  }
  return escaped;
}

/** The merged [start, end) ranges of every occurrence of a form. */
function findRanges(text: string, pattern: RegExp): [number, number][] {
  const ranges: [number, number][] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    const end = start + (match[1]?.length ?? 0);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
    // The match is empty (a lookahead): step on by one character, or the scan would stop here (with the
    // `u` flag, a lastIndex inside a surrogate pair is moved back to its start).
    pattern.lastIndex = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
  }
  return ranges;
}

function replaceRanges(text: string, ranges: readonly [number, number][]): string {
  if (ranges.length === 0) return text;
  let result = '';
  let at = 0;
  for (const [start, end] of ranges) {
    result += text.slice(at, start) + REDACTED;
    at = end;
  }
  return result + text.slice(at);
}

/**
 * `text` without its longest ending that is the beginning of a form: a cut there would show part of a
 * secret. One pass: what comes before that beginning is not part of it.
 */
function dropSecretPrefix(text: string, forms: readonly string[]): string {
  let longest = 0;
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, text.length); length > longest; length -= 1) {
      if (text.endsWith(form.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return text.slice(0, text.length - longest);
}
