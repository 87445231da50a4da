import { describe, expect, it } from 'vitest';
import {
  type AttemptFailure,
  computeBackoffMs,
  computeProbeDelayMs,
  DEFAULT_PROBE_SETTINGS,
  DEFAULT_RETRY_SETTINGS,
  type DecideRetryInput,
  decideRetry,
  growCongestionWindow,
  parseRetryAfter,
} from '../../../../src/core/omni/retry.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function decide(overrides: Partial<DecideRetryInput> & { failure: AttemptFailure }) {
  return decideRetry({
    isIdempotent: true,
    attempt: 1,
    elapsedMs: 0,
    now: NOW,
    random: () => 0.5,
    ...overrides,
  });
}

const http = (status: number): AttemptFailure => ({ kind: 'http', status });
const network = (code: string | undefined): AttemptFailure => ({ kind: 'network', code });

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['Sun, 01 Mar 2026 12:00:05 GMT', 5000],
    ['Sunday, 01-Mar-26 12:00:07 GMT', 7000],
    ['Sun Mar  1 12:00:09 2026', 9000],
    ['Sun, 01 Mar 2026 11:59:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j gives %j ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('computeBackoffMs', () => {
  it.each([
    [1, 0.999, 499],
    [2, 0.5, 500],
    [3, 0.5, 1000],
    [10, 0.5, 5000],
    [10, 0.999, 9990],
    [4, 0, 0],
  ])('attempt %i with random %d waits %i ms (full jitter, cap 10 s)', (attempt, r, expected) => {
    expect(computeBackoffMs(attempt, () => r, DEFAULT_RETRY_SETTINGS)).toBe(expected);
  });
});

describe('decideRetry', () => {
  it.each<[string, AttemptFailure, boolean]>([
    ['429', http(429), true],
    ['500', http(500), true],
    ['502', http(502), true],
    ['503', http(503), true],
    ['504', http(504), true],
    ['ECONNRESET', network('ECONNRESET'), true],
    ['ECONNREFUSED', network('ECONNREFUSED'), true],
    ['ENOTFOUND', network('ENOTFOUND'), true],
    ['EAI_AGAIN', network('EAI_AGAIN'), true],
    ['ETIMEDOUT', network('ETIMEDOUT'), true],
    ['socket closed (UND_ERR_SOCKET)', network('UND_ERR_SOCKET'), true],
    ['our timeout', { kind: 'timeout' }, true],
    ['400', http(400), false],
    ['401', http(401), false],
    ['403', http(403), false],
    ['404', http(404), false],
    ['409', http(409), false],
    ['301', http(301), false],
    ['501', http(501), false],
    ['TLS certificate error', network('CERT_HAS_EXPIRED'), false],
    ['network error without a code', network(undefined), false],
    ['HTML page on 200', { kind: 'response', isSuccessFalse: false }, false],
    ['success: false', { kind: 'response', isSuccessFalse: true }, false],
  ])('GET after %s: retry is %s', (_label, failure, expected) => {
    expect(decide({ failure }).retry).toBe(expected);
    expect(decide({ failure, isIdempotent: true }).retry).toBe(expected);
  });

  it('uses exponential backoff with full jitter', () => {
    expect(decide({ failure: http(503), attempt: 1, random: () => 0.5 })).toMatchObject({
      retry: true,
      delayMs: 250,
    });
    expect(decide({ failure: http(503), attempt: 3, random: () => 0.5 })).toMatchObject({
      retry: true,
      delayMs: 1000,
    });
    expect(decide({ failure: http(503), attempt: 4, random: () => 0 })).toMatchObject({
      retry: true,
      delayMs: 0,
    });
  });

  it('honours Retry-After over the backoff, as seconds or date, on 429 and 503', () => {
    expect(decide({ failure: http(429), retryAfterHeader: '7' })).toMatchObject({
      retry: true,
      delayMs: 7000,
    });
    expect(decide({ failure: http(503), retryAfterHeader: '2' })).toMatchObject({
      retry: true,
      delayMs: 2000,
    });
    expect(decide({ failure: http(429), retryAfterHeader: 'Sun, 01 Mar 2026 12:00:04 GMT' })).toMatchObject({
      retry: true,
      delayMs: 4000,
    });
    expect(decide({ failure: http(500), retryAfterHeader: '7' })).toMatchObject({
      retry: true,
      delayMs: 250,
    });
  });

  it('leaves a 429 without a readable Retry-After to the pacer (no wait here), a 503 to the backoff', () => {
    expect(decide({ failure: http(429) })).toMatchObject({
      retry: true,
      delayMs: 0,
      reason: expect.stringMatching(/pacer finds room/),
    });
    expect(decide({ failure: http(429), retryAfterHeader: 'later' })).toMatchObject({
      retry: true,
      delayMs: 0,
    });
    expect(decide({ failure: http(503), retryAfterHeader: 'later' })).toMatchObject({
      retry: true,
      delayMs: 250,
    });
  });

  it('caps Retry-After at maxRetryAfterMs', () => {
    const decision = decide({ failure: http(429), retryAfterHeader: '3600' });
    expect(decision).toMatchObject({ retry: true, delayMs: 60_000 });
  });

  it('stops at maxAttempts', () => {
    expect(decide({ failure: http(503), attempt: 4 }).retry).toBe(true);
    const decision = decide({ failure: http(503), attempt: 5 });
    expect(decision).toMatchObject({ retry: false, reason: expect.stringMatching(/after 5 attempts/) });
  });

  it('stops when the wait would pass the total time budget', () => {
    const settings = { ...DEFAULT_RETRY_SETTINGS, maxElapsedMs: 10_000 };
    expect(decide({ failure: http(429), retryAfterHeader: '5', elapsedMs: 5000, settings }).retry).toBe(true);
    expect(decide({ failure: http(429), retryAfterHeader: '5', elapsedMs: 5001, settings })).toMatchObject({
      retry: false,
      reason: expect.stringMatching(/retry budget/),
    });
  });

  describe('a write that is not safe to repeat (a PUT with rotateKeys)', () => {
    const rotate = (failure: AttemptFailure) =>
      decide({ failure, isIdempotent: false, retryAfterHeader: '1' });

    it.each<[string, AttemptFailure]>([
      ['429', http(429)],
      ['ECONNREFUSED', network('ECONNREFUSED')],
      ['ENOTFOUND', network('ENOTFOUND')],
      ['EAI_AGAIN', network('EAI_AGAIN')],
    ])('retries after %s: the request surely never reached Omni', (_label, failure) => {
      expect(rotate(failure).retry).toBe(true);
    });

    it.each<[string, AttemptFailure]>([
      ['503', http(503)],
      ['500', http(500)],
      ['ECONNRESET', network('ECONNRESET')],
      ['UND_ERR_SOCKET', network('UND_ERR_SOCKET')],
      ['timeout', { kind: 'timeout' }],
      ['an HTML page on 200', { kind: 'response', isSuccessFalse: false }],
    ])('does not retry after %s, and the rotation is uncertain', (_label, failure) => {
      expect(rotate(failure)).toMatchObject({ retry: false, isOutcomeUncertain: true });
    });

    it.each<[string, AttemptFailure]>([
      ['400', http(400)],
      ['404', http(404)],
      ['301', http(301)],
      ['success: false', { kind: 'response', isSuccessFalse: true }],
      ['a TLS error', network('CERT_HAS_EXPIRED')],
    ])('does not retry after %s, and the rotation surely did not happen', (_label, failure) => {
      expect(rotate(failure)).toMatchObject({ retry: false, isOutcomeUncertain: false });
    });

    it('is not uncertain when 429 retries run out', () => {
      // Probed 429s are bounded by time, not by count: run out of time.
      const decision = decide({ failure: http(429), isIdempotent: false, attempt: 5, elapsedMs: 90_001 });
      expect(decision).toMatchObject({ retry: false, isOutcomeUncertain: false });
    });

    it('only matters for such writes: an idempotent PUT retries after 503 and reset', () => {
      expect(decide({ failure: http(503), isIdempotent: true }).retry).toBe(true);
      expect(decide({ failure: network('ECONNRESET'), isIdempotent: true }).retry).toBe(true);
      expect(decide({ failure: http(500), isIdempotent: true })).toMatchObject({ retry: true });
    });
  });

  it('never marks an idempotent request as outcome-uncertain', () => {
    const decision = decide({ failure: { kind: 'timeout' }, isIdempotent: true, attempt: 5 });
    expect(decision).toMatchObject({ retry: false, isOutcomeUncertain: false });
  });
});

describe('computeProbeDelayMs', () => {
  it('waits a quarter of the time probed so far, at least 1 s and at most 6 s, with ±10 % jitter', () => {
    const nominal = [0, 2_000, 4_000, 8_000, 20_000, 60_000].map((ms) => computeProbeDelayMs(ms, () => 0.5));
    expect(nominal).toEqual([1000, 1000, 1000, 2000, 5000, 6000]);
    expect(computeProbeDelayMs(0, () => 0)).toBe(900);
    expect(computeProbeDelayMs(0, () => 0.999_999)).toBe(1099);
    expect(computeProbeDelayMs(60_000, () => 0)).toBe(5400);
  });

  it('finds room that appears at T within 1.3 × T + 1.1 s, for every T up to a minute', () => {
    // The worst case: room appears just after a probe was refused.
    for (let roomAtMs = 0; roomAtMs <= 60_000; roomAtMs += 250) {
      for (const draw of [0, 0.5, 0.999]) {
        let at = 0;
        let refused = 0;
        while (at < roomAtMs) {
          at += computeProbeDelayMs(at, () => draw, DEFAULT_PROBE_SETTINGS);
          if (at < roomAtMs) refused += 1;
        }
        expect(at).toBeLessThanOrEqual(1.3 * roomAtMs + 1_100);
        expect(refused).toBeLessThanOrEqual(22);
      }
    }
  });
});

describe('growCongestionWindow', () => {
  it('adds one per success up to the threshold, then about one per window of successes', () => {
    expect(growCongestionWindow(1, 4, 20)).toBe(2);
    expect(growCongestionWindow(3, 4, 20)).toBe(4);
    expect(growCongestionWindow(4, 4, 20)).toBe(4.25);
    expect(growCongestionWindow(19.99, 4, 20)).toBe(20);
  });
});

describe('429s while the pacer probes', () => {
  it('do not use up attempts: only the time budget bounds them', () => {
    const probed = decide({ failure: http(429), attempt: 9, probedAttempts: 8, elapsedMs: 30_000 });
    expect(probed).toMatchObject({ retry: true, delayMs: 0 });
    const late = decide({ failure: http(429), attempt: 9, probedAttempts: 8, elapsedMs: 90_001 });
    expect(late).toMatchObject({ retry: false });
  });

  it('leave the other failures their own five attempts', () => {
    // Four probed 429s, then the fifth counted failure: given up.
    expect(decide({ failure: http(503), attempt: 9, probedAttempts: 4 })).toMatchObject({
      retry: false,
      // Said as the README counts: five attempts, never "9 attempts" of a promised five.
      reason: 'HTTP 503; gave up after 5 attempts and 4 probes for room',
    });
    expect(decide({ failure: http(503), attempt: 8, probedAttempts: 4 })).toMatchObject({ retry: true });
  });

  it('a 429 with Retry-After counts as an attempt', () => {
    expect(decide({ failure: http(429), attempt: 5, retryAfterHeader: '1' })).toMatchObject({ retry: false });
  });
});
