// The retry policy for calls to Omni, as pure functions: whether a failed attempt is tried again and after
// how long (README, "Rate limits, retries and cancellation": 429, 5xx and network errors are retried with
// backoff, honouring Retry-After).
import { plural } from '../plural.js';

export interface RetrySettings {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry is scheduled that would end later than this after the first attempt started. */
  maxElapsedMs: number;
  /** Exponential backoff: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is cut to this. */
  maxRetryAfterMs: number;
}

// Omni's limit is 60 requests per minute (contract), so a Retry-After can reasonably be up to a minute;
// the total budget leaves room for one such wait plus a few quick retries.
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 5,
  maxElapsedMs: 90_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** How an attempt failed, as far as the retry policy cares. */
export type AttemptFailure =
  | { kind: 'http'; status: number }
  | { kind: 'network'; code: string | undefined }
  | { kind: 'timeout' }
  /** A 2xx whose body is not the contract's; `isSuccessFalse` when Omni said `success: false`. */
  | { kind: 'response'; isSuccessFalse: boolean };

export interface DecideRetryInput {
  /**
   * True when repeating the request leaves Omni as one success would (a GET, a PUT of the full state, a
   * DELETE). False for a rotateKeys PUT (each one rotates the key again) or a create (each one creates).
   */
  isIdempotent: boolean;
  /** The 1-based number of the attempt that just failed. */
  attempt: number;
  /** How many earlier attempts ended in a 429 without Retry-After (they do not count toward maxAttempts). */
  probedAttempts?: number;
  failure: AttemptFailure;
  /** Time since the first attempt started. */
  elapsedMs: number;
  retryAfterHeader?: string | null | undefined;
  now: Date;
  random: () => number;
  settings?: RetrySettings;
}

/** A 429 that says nothing of when to come back: the pacer probes for room instead of a fixed wait. */
export function isProbedRateLimit(failure: AttemptFailure, retryAfterMs: number | undefined): boolean {
  return failure.kind === 'http' && failure.status === 429 && retryAfterMs === undefined;
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason: string; isOutcomeUncertain: boolean };

/** Statuses that say "try again later" (RFC 9110 §15.6: a gateway or the server is briefly unavailable). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Network failures that are usually transient. TLS and certificate errors are not: they need a fix. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  // undici's codes: "other side closed" / "socket hang up", and its own connect/headers/body timeouts.
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Failures after which the request surely never reached Omni: no connection was made (refused, DNS,
 * unreachable, connect timeout). A write that is not safe to repeat may be repeated only after these, or after a 429.
 */
const NEVER_SENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  // TLS handshake failures: nothing was sent over the connection (and they are not retried anyway).
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Turns a `Retry-After` header into milliseconds from `now` (RFC 9110 §10.2.3: delta-seconds or an
 * HTTP-date). A date in the past gives 0. Anything else (negative, fractional, garbage) gives undefined.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date starts with a day name ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 and asctime forms
  // too); requiring it keeps Date.parse's leniency ("1", "-5") out.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, cap). */
export function computeBackoffMs(attempt: number, random: () => number, settings: RetrySettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

function describeFailure(failure: AttemptFailure): string {
  switch (failure.kind) {
    case 'http':
      return `HTTP ${failure.status}`;
    case 'network':
      return `network error ${failure.code ?? '(no code)'}`;
    case 'timeout':
      return 'timeout';
    case 'response':
      return failure.isSuccessFalse ? 'success: false' : 'an answer that is not the contract’s';
  }
}

function isRetryableFailure(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'http':
      return RETRYABLE_STATUSES.has(failure.status);
    case 'network':
      return failure.code !== undefined && TRANSIENT_NETWORK_CODES.has(failure.code);
    case 'timeout':
      return true;
    case 'response':
      // A 2xx with the wrong body is a wrong omni-url or a proxy page far more often than a blip.
      return false;
  }
}

/** True when the failed attempt surely never reached Omni, so repeating it cannot do anything twice. */
function isSurelyNotReceived(failure: AttemptFailure): boolean {
  if (failure.kind === 'http') return failure.status === 429;
  if (failure.kind === 'network')
    return failure.code !== undefined && NEVER_SENT_NETWORK_CODES.has(failure.code);
  return false;
}

/** True when the answer proves the change did not happen (a redirect, a 4xx, `success: false`). */
function isSurelyNotApplied(failure: AttemptFailure): boolean {
  if (failure.kind === 'http') return failure.status >= 300 && failure.status < 500;
  return failure.kind === 'response' && failure.isSuccessFalse;
}

/**
 * `5 attempts`, or where probes for room were among them (they do not count against `maxAttempts`):
 * `5 attempts and 2 probes for room`.
 */
export function describeAttempts(attempts: number, probes: number): string {
  const counted = attempts - probes;
  const counting = plural(counted, 'attempt');
  return probes === 0 ? counting : `${counting} and ${plural(probes, 'probe')} for room`;
}

/** Decides whether to try a failed attempt again, and after how long. Pure: time and randomness are inputs. */
export function decideRetry(input: DecideRetryInput): RetryDecision {
  const settings = input.settings ?? DEFAULT_RETRY_SETTINGS;
  const { failure } = input;
  const what = describeFailure(failure);
  const isUnsafeToRepeat = !input.isIdempotent;
  const giveUp = (reason: string): RetryDecision => ({
    retry: false,
    reason,
    isOutcomeUncertain: isUnsafeToRepeat && !isSurelyNotReceived(failure) && !isSurelyNotApplied(failure),
  });

  if (!isRetryableFailure(failure)) return giveUp(`${what} is not retried`);

  // An idempotent request retries freely. One that is not (a rotateKeys PUT rotates the deploy key
  // again, a POST creates again) is repeated only when it surely never landed.
  if (isUnsafeToRepeat && !isSurelyNotReceived(failure)) {
    return giveUp(
      `${what} after a write that is not safe to repeat and may have reached Omni is not retried`,
    );
  }
  // Retry-After wins over our own backoff when it parses: the server knows when its window reopens.
  // It is honoured on 429 and 503 (RFC 9110 §10.2.3) and cut to maxRetryAfterMs.
  const retryAfterMs =
    failure.kind === 'http' && (failure.status === 429 || failure.status === 503)
      ? parseRetryAfter(input.retryAfterHeader, input.now)
      : undefined;
  // A 429 without Retry-After is not waited out here: the run's pacer probes for the moment Omni has
  // room again and holds every request until then (README "Rate limits, retries and cancellation").
  const isProbed = isProbedRateLimit(failure, retryAfterMs);
  // Probing answers say "not yet", not "broken": they do not use up attempts (the last request of a run
  // may be the only one left to probe); the time budget below still bounds them.
  const countedAttempts = input.attempt - (input.probedAttempts ?? 0);
  if (!isProbed && countedAttempts >= settings.maxAttempts) {
    return giveUp(`${what}; gave up after ${describeAttempts(input.attempt, input.probedAttempts ?? 0)}`);
  }
  const delayMs = isProbed
    ? 0
    : retryAfterMs === undefined
      ? computeBackoffMs(input.attempt, input.random, settings)
      : Math.min(retryAfterMs, settings.maxRetryAfterMs);

  if (input.elapsedMs + delayMs > settings.maxElapsedMs) {
    return giveUp(
      `${what}; waiting ${delayMs} ms more would pass the ${settings.maxElapsedMs} ms retry budget`,
    );
  }
  if (isProbed) {
    return { retry: true, delayMs, reason: `${what}; retrying once the run's pacer finds room at Omni` };
  }
  const source = retryAfterMs === undefined ? 'backoff' : 'Retry-After';
  return { retry: true, delayMs, reason: `${what}; retrying in ${delayMs} ms (${source})` };
}

/**
 * How the pacer looks for room after a 429 without Retry-After: one probe at a time, each wait a fixed
 * share of the time spent probing so far, so that room is found soon after it appears, whenever that is.
 */
export interface ProbeSettings {
  /** The wait before the first probe. */
  initialDelayMs: number;
  /** Each later wait is this share of the time since the first refusal. */
  share: number;
  maxDelayMs: number;
  /** Each wait is drawn uniformly in [1 - jitter, 1 + jitter) times its nominal length. */
  jitter: number;
}

// Omni frees a slot when a request in its window turns a minute old; nothing says when that is, so the
// client must ask. Waiting a quarter of the time probed so far (±10 %, at least 1 s, at most 6 s) finds
// room that appeared T after the first refusal by about 1.28 × T + 1.1 s whatever T is, in about 20
// probes for a full minute (docs/benchmarks.md, shared-key rows). A schedule that grows per refusal
// instead leaves gaps that land just after the room appeared by chance, and the run's wall time with them.
export const DEFAULT_PROBE_SETTINGS: ProbeSettings = {
  initialDelayMs: 1_000,
  share: 0.25,
  maxDelayMs: 6_000,
  jitter: 0.1,
};

/** The wait before the next probe, `probingForMs` after the first refusal of this slow-down. Pure. */
export function computeProbeDelayMs(
  probingForMs: number,
  random: () => number,
  settings: ProbeSettings = DEFAULT_PROBE_SETTINGS,
): number {
  const nominal = Math.min(
    settings.maxDelayMs,
    Math.max(settings.initialDelayMs, settings.share * Math.max(0, probingForMs)),
  );
  return Math.floor(nominal * (1 - settings.jitter + 2 * settings.jitter * random()));
}

/** Requests allowed in flight after one more success: +1 up to `threshold` (slow start), then +1 per window (AIMD). */
export function growCongestionWindow(window: number, threshold: number, max: number): number {
  const grown = window < threshold ? window + 1 : window + 1 / window;
  return Math.min(max, grown);
}
