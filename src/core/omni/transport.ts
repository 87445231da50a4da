// The one way to call Omni: `request({ method, path, body, schema, isIdempotent })` sends one attempt at a
// time through the run's pacer, retries by the policy in retry.ts, checks the answer against the endpoint's
// zod schema and turns every failure into a typed, immutable OmniError that names method and path, never
// a secret: whatever it quotes is redacted by the run's redactor before it is cut. Endpoint families
// (dbt.ts, …) are thin modules on top of it.
import { HttpClient } from '@actions/http-client';
import { fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import { createRedactor, type Redactor } from '../secrets.js';
import {
  OmniCancelledError,
  OmniError,
  OmniHttpError,
  type OmniMethod,
  OmniNetworkError,
  OmniResponseError,
  OmniTimeoutError,
  withOutcome,
} from './errors.js';
import { CancelledError, type Pacer, PacerDeadlineError, sleepUnlessAborted } from './pacer.js';
import {
  type AttemptFailure,
  DEFAULT_RETRY_SETTINGS,
  decideRetry,
  describeAttempts,
  isProbedRateLimit,
  parseRetryAfter,
  type RetrySettings,
} from './retry.js';
import { checkApiToken } from './token.js';

export interface RetryInfo {
  method: OmniMethod;
  path: string;
  /** The attempt that failed (1-based), probes included. */
  attempt: number;
  /**
   * The number of the attempt that failed among those that count against `maxAttempts` (README, "Rate
   * limits, retries and cancellation"): a probe for room (a 429 without Retry-After) takes the number of
   * the attempt that follows it, since it does not count.
   */
  countedAttempt: number;
  maxAttempts: number;
  /** True when the failed attempt was a probe for room, which does not use up an attempt. */
  isProbe: boolean;
  delayMs: number;
  reason: string;
}

export interface OmniRequest<T> {
  method: OmniMethod;
  /** Under the API base, e.g. `/v1/connections/<id>/dbt`; path segments already encoded. */
  path: string;
  /** Omitted when undefined; a list repeats the parameter once per item (OpenAPI's form style, exploded). */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Reads the contract's 2xx answer (built on zod: `parseWithSchema`), or says why it is not that. */
  parse: (value: unknown) => ParseResult<T>;
  /**
   * Whether repeating the request leaves Omni as one success would. A request that is not is retried only
   * when it surely never reached Omni, and its failure says what may or may not have happened.
   */
  isIdempotent: boolean;
  /** Said of a failed non-idempotent request whose outcome is unknown, e.g. that the key may have rotated. */
  uncertainOutcome?: string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** An answer read as the contract says, or the reason (and a detail to quote) it is not one. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };

export interface Transport {
  request<T>(spec: OmniRequest<T>): Promise<T>;
}

export interface CreateTransportOptions {
  /** From resolveOmniBaseUrl: ends in `/api`. */
  apiBaseUrl: string;
  token: string;
  /**
   * The run's redactor: the token is added to it, and every text an error quotes goes through it (the
   * secrets of the run are registered there before the first request). Defaults to one for the token.
   */
  redactor?: Redactor;
  /** Defaults to fetch through the proxy of HTTPS_PROXY/NO_PROXY when one applies. */
  fetch?: typeof fetch;
  /** Per attempt, body included. */
  timeoutMs?: number;
  pacer: Pacer;
  retry?: Partial<RetrySettings>;
  /** The run's signal: once aborted, nothing new starts (no request, no retry). */
  signal?: AbortSignal;
  /**
   * Aborts the requests in flight. Separate from `signal` so that a cancelled run can let them finish
   * for a moment (a PUT cut off mid-flight leaves its outcome unknown); defaults to `signal`.
   */
  inFlightSignal?: AbortSignal;
  /** Called before each retry, for logging; carries no token. */
  onRetry?: (info: RetryInfo) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'omni-dbt-action';
const DETAIL_MAX_CHARS = 300;
const CAUSE_MAX_CHARS = 200;

/**
 * fetch through the proxy the toolkit would use for `apiBaseUrl` (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), as
 * @actions/github does: the ProxyAgent comes from the npm undici, so it is paired with that undici's
 * fetch; Node's built-in fetch may be another undici major whose dispatcher contract differs.
 */
export function createProxyAwareFetch(apiBaseUrl: string): typeof fetch {
  const dispatcher = new HttpClient(USER_AGENT).getAgentDispatcher(apiBaseUrl);
  if (dispatcher === undefined) return globalThis.fetch;
  const proxiedFetch = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return proxiedFetch as unknown as typeof fetch;
}

/** Creates the transport of one run. Throws a TypeError when the token cannot be sent in a header. */
export function createTransport(options: CreateTransportOptions): Transport {
  const token = options.token.trim();
  const tokenProblem = checkApiToken(token);
  if (tokenProblem !== undefined) throw new TypeError(`The API token ${tokenProblem}`);
  const apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? createProxyAwareFetch(apiBaseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const settings: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, ...options.retry };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const random = options.random ?? Math.random;
  const { pacer, signal } = options;
  const inFlightSignal = options.inFlightSignal ?? signal;

  const redactor = options.redactor ?? createRedactor();
  redactor.add(token);
  /** Hides every secret of the run wherever text from outside (paths, bodies, error causes) is quoted. */
  const redact = (text: string): string => redactor.redact(text);

  const attemptOnce = async <T>(
    spec: OmniRequest<T>,
    url: string,
    shownPath: string,
    attemptTimeoutMs: number,
  ): Promise<T> => {
    const { method } = spec;
    const timeoutSignal = AbortSignal.timeout(attemptTimeoutMs);
    const attemptSignal = inFlightSignal ? AbortSignal.any([inFlightSignal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        // A redirect could carry the Authorization header to another host: never follow one.
        redirect: 'manual',
        signal: attemptSignal,
      });
      text = await response.text();
    } catch (error) {
      if (inFlightSignal?.aborted) {
        throw new OmniCancelledError({ method, path: shownPath, cause: error, wasSent: true });
      }
      if (timeoutSignal.aborted) {
        throw new OmniTimeoutError({ method, path: shownPath, timeoutMs: attemptTimeoutMs, cause: error });
      }
      throw new OmniNetworkError({
        method,
        path: shownPath,
        code: findErrorCode(error),
        description: quoteText(describeCause(error), redactor, CAUSE_MAX_CHARS),
        cause: error,
      });
    }

    const { status } = response;
    if (status < 200 || status >= 300) {
      const location = response.headers.get('location');
      const detail =
        status >= 300 && status < 400 && location
          ? `Location: ${quoteText(describeLocation(location, apiBaseUrl), redactor)}`
          : extractErrorDetail(text, redactor);
      throw new OmniHttpError({
        method,
        path: shownPath,
        status,
        statusText: response.statusText,
        detail,
        retryAfter: response.headers.get('retry-after') ?? undefined,
      });
    }

    const fail = (reason: string, detail = excerptBody(text, redactor)): never => {
      throw new OmniResponseError({ method, path: shownPath, status, reason, detail });
    };
    if (text.trim() === '') return fail('the body is empty', undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail(/^\s*</.test(text) ? 'the body is an HTML page, not JSON' : 'the body is not valid JSON');
    }
    const parsed = spec.parse(value);
    if (!parsed.ok) {
      return fail(
        parsed.reason,
        parsed.detail === undefined
          ? excerptBody(text, redactor)
          : quoteText(parsed.detail, redactor) || undefined,
      );
    }
    return parsed.value;
  };

  const request = async <T>(spec: OmniRequest<T>): Promise<T> => {
    const { method, isIdempotent } = spec;
    const shownPath = redact(spec.path);
    const url = buildUrl(apiBaseUrl, spec.path, spec.query);
    const giveUp = (
      error: OmniError,
      attempts: number,
      isUncertain: boolean,
      givenUpBecause?: string,
    ): OmniError =>
      withOutcome(error, {
        attempts,
        uncertainOutcome: isUncertain && !isIdempotent ? spec.uncertainOutcome : undefined,
        givenUpBecause,
      });
    // The retry budget runs from the first attempt's start and covers the time a retry waits in the pacer
    // (its deadline) and the retry itself (its timeout is cut to what is left): README, "Rate limits".
    let firstStartedAt: number | undefined;
    let lastError: OmniError | undefined;
    let probedAttempts = 0;

    for (let attempt = 1; ; attempt += 1) {
      let error: OmniError;
      const deadline = firstStartedAt === undefined ? undefined : firstStartedAt + settings.maxElapsedMs;
      try {
        return await pacer.run(
          (ticket) => {
            // The pacer may not share the run's signal: check it here too, so nothing new starts once stopped.
            if (signal?.aborted) throw new CancelledError();
            firstStartedAt ??= ticket.startedAt;
            const attemptTimeoutMs =
              deadline === undefined
                ? timeoutMs
                : Math.max(1, Math.min(timeoutMs, deadline - ticket.startedAt));
            return attemptOnce(spec, url, shownPath, attemptTimeoutMs).catch((caught: unknown) => {
              // The pacer must know of a 429 before the attempt settles: it decides what starts next, and
              // the key may be shared with other jobs, so the whole run slows, not only this request.
              if (caught instanceof OmniHttpError && caught.status === 429) {
                ticket.reportRateLimited({
                  retryAfterMs: parseRetryAfter(caught.retryAfter, new Date(now())),
                });
              }
              // A refused token keeps the run's first request alone: the run stops before the rest start.
              if (caught instanceof OmniHttpError && caught.status === 401) ticket.reportUnauthorized();
              throw caught;
            });
          },
          { attempt, deadline },
        );
      } catch (caught) {
        if (caught instanceof PacerDeadlineError && lastError !== undefined) {
          throw giveUp(
            lastError,
            attempt - 1,
            false,
            `gave up after ${describeAttempts(attempt - 1, probedAttempts)}: the run's request budget had no room before the ${settings.maxElapsedMs / 1000} s retry limit`,
          );
        }
        if (caught instanceof CancelledError) {
          // Never left the pacer's queue; an earlier attempt (if any) did reach the network.
          const cancelled = new OmniCancelledError({ method, path: shownPath, wasSent: attempt > 1 });
          // An earlier attempt of a write that is not safe to repeat was retried only if it never landed.
          throw giveUp(cancelled, attempt, false);
        }
        if (!(caught instanceof OmniError)) throw caught;
        error = caught;
      }
      if (error instanceof OmniCancelledError) {
        // Aborted mid-flight (or after a failed attempt): the write may have landed.
        throw giveUp(error, attempt, error.wasSent);
      }

      const failure = classifyFailure(error);
      const retryAfterHeader = error instanceof OmniHttpError ? error.retryAfter : undefined;
      const decision = decideRetry({
        isIdempotent,
        attempt,
        probedAttempts,
        failure,
        elapsedMs: now() - (firstStartedAt ?? now()),
        retryAfterHeader,
        now: new Date(now()),
        random,
        settings,
      });
      lastError = error;
      const isProbe = isProbedRateLimit(failure, parseRetryAfter(retryAfterHeader, new Date(now())));
      const countedAttempt = attempt - probedAttempts;
      if (isProbe) probedAttempts += 1;
      if (!decision.retry) throw giveUp(error, attempt, decision.isOutcomeUncertain);
      options.onRetry?.({
        method,
        path: shownPath,
        attempt,
        countedAttempt,
        maxAttempts: settings.maxAttempts,
        isProbe,
        delayMs: decision.delayMs,
        reason: decision.reason,
      });
      await sleep(decision.delayMs, signal);
      if (signal?.aborted) {
        throw giveUp(new OmniCancelledError({ method, path: shownPath, wasSent: true }), attempt, false);
      }
    }
  };

  return { request };
}

function buildUrl(apiBaseUrl: string, path: string, query: OmniRequest<unknown>['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    // OpenAPI 3's default for a query array (style form, explode true): `folder_paths=/a&folder_paths=/b`.
    if (typeof value === 'object') for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `${apiBaseUrl}${path}${search === '' ? '' : `?${search}`}`;
}

/** Reads an answer with a zod schema; a mismatch names the fields that are missing or mistyped. */
export function parseWithSchema<T>(schema: z.ZodType<T>, what: string): (value: unknown) => ParseResult<T> {
  return (value) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    if (!isRecord(value) && !Array.isArray(value))
      return { ok: false, reason: 'the body is not JSON of the contract' };
    return { ok: false, reason: `${what} has missing or mistyped fields: ${listIssuePaths(parsed.error)}` };
  };
}

const successAnswerSchema = z.object({ success: z.boolean() });

/** An answer that only says `{ "success": true }` (a bind, a delete): `success: false` is a failure. */
export function parseSuccessAnswer(value: unknown): ParseResult<{ success: boolean }> {
  const parsed = parseWithSchema(successAnswerSchema, 'the answer')(value);
  return parsed.ok && !parsed.value.success ? { ok: false, reason: 'success: false' } : parsed;
}

/** The dotted paths of a zod error's issues, each once, in the order zod found them. */
export function listIssuePaths(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(body)'))].join(', ');
}

function classifyFailure(error: OmniError): AttemptFailure {
  if (error instanceof OmniTimeoutError) return { kind: 'timeout' };
  if (error instanceof OmniNetworkError) return { kind: 'network', code: error.code };
  if (error instanceof OmniResponseError) return { kind: 'response', isSuccessFalse: error.isSuccessFalse };
  return { kind: 'http', status: error.status ?? 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Outside text as an error quotes it: redacted, on one line, then cut to `maxChars` (redacted first, so
 * that a cut can never leave the first characters of a secret).
 */
export function quoteText(text: string, redactor: Redactor, maxChars = DETAIL_MAX_CHARS): string {
  return redactor.cut(redactor.redact(text).replace(/\s+/g, ' ').trim(), maxChars);
}

/** The error text of a non-2xx body: its `message`, `detail` or `error`, else a trimmed excerpt. */
export function extractErrorDetail(text: string, redactor: Redactor): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) {
      for (const key of ['message', 'detail', 'error']) {
        const field = value[key];
        if (typeof field === 'string' && field.trim() !== '') return quoteText(field, redactor);
        if (field !== undefined && field !== null && typeof field !== 'string') {
          return quoteText(JSON.stringify(field), redactor);
        }
      }
    }
  } catch {
    // Not JSON: quoted as text below.
  }
  return excerptBody(text, redactor);
}

/** A short, single-line excerpt of a body for an error; an HTML page is reduced to its title or text. */
function excerptBody(text: string, redactor: Redactor): string | undefined {
  // Redacted before the tags are taken out: a secret with `<…>` in it would be cut apart by that.
  let shown = redactor.redact(text);
  if (/^\s*</.test(shown)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(shown)?.[1];
    shown = title?.trim() ? `HTML page "${title.trim()}"` : shown.replace(/<[^>]*>/g, ' ');
  }
  const trimmed = quoteText(shown, redactor);
  return trimmed === '' ? undefined : trimmed;
}

/** Where a redirect pointed, without its query (which may carry anything). */
function describeLocation(location: string, base: string): string {
  try {
    const url = new URL(location, base);
    return `${url.origin}${url.pathname}`;
  } catch {
    return location.replace(/[?#].*$/s, '');
  }
}

/** The system or undici error code somewhere down the cause chain (fetch wraps it in "fetch failed"). */
export function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && isRecord(current); depth += 1) {
    if (typeof current.code === 'string') return current.code;
    const first: unknown = Array.isArray(current.errors) ? current.errors[0] : undefined;
    if (isRecord(first) && typeof first.code === 'string') return first.code;
    current = current.cause;
  }
  return undefined;
}

/** The innermost message of the cause chain: "connect ECONNREFUSED 127.0.0.1:9", "other side closed". */
function describeCause(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    // Node's happy-eyeballs connect fails with an AggregateError whose own message is empty.
    const first: unknown = current instanceof AggregateError ? current.errors[0] : undefined;
    const inner = current.message ? current : first;
    if (inner instanceof Error && inner.message) message = inner.message;
    current = current.cause;
  }
  return message;
}
