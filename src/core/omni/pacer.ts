// The one request budget of a run: a sliding-window limit on request starts (`max-requests-per-minute`),
// a bound on requests in flight, the run's first request sent alone, and the response to Omni's 429s
// (probe for room, then ramp back up): README "Rate limits, retries and cancellation".
import {
  computeProbeDelayMs,
  DEFAULT_PROBE_SETTINGS,
  growCongestionWindow,
  type ProbeSettings,
} from './retry.js';

export interface PacerWait {
  /** How long no request will start, from now. */
  ms: number;
  /** Why, in words for the log. */
  reason: string;
  /** What holds the run: its own budget, or Omni's rate limit (a 429: Retry-After, or probing for room). */
  cause: 'budget' | 'rate-limit';
}

export interface PacerOptions {
  maxRequestsPerMinute: number;
  /** Requests in flight at once. */
  maxConcurrency?: number;
  /** The rate window; Omni counts requests per minute (contract: 60 requests/minute). */
  windowMs?: number;
  /**
   * Added to the window when spacing starts: a request reaches Omni a little after it starts here, and
   * unequal latencies could otherwise put one request too many into Omni's own minute.
   */
  windowMarginMs?: number;
  /**
   * Send nothing else until the first attempt has settled with anything but a refused token (a 401, told
   * by `reportUnauthorized`) or a 429: a refused token then costs one request and the run stops before the
   * rest start (they end `skipped`), while an Omni that never answers costs one attempt's timeout, not one
   * retry budget per request.
   */
  isFirstRequestAlone?: boolean;
  /** The probing schedule after a 429 without Retry-After. */
  probe?: Partial<ProbeSettings>;
  /** Called before a wait of at least `waitLogThresholdMs` during which no request starts. */
  onWait?: (wait: PacerWait) => void;
  /** Default 5000. */
  waitLogThresholdMs?: number;
  now: () => number;
  /** Resolves after `ms`, or early (either way) once `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter of the probes; default Math.random. */
  random?: () => number;
  signal?: AbortSignal;
}

export interface PacerTicket {
  /** When this request was let through, on the pacer's clock. */
  startedAt: number;
  /**
   * Tells the pacer Omni answered this request 429. Call it inside the task, before the task settles, so
   * the pacer knows the outcome when it decides what starts next. `retryAfterMs` is the parsed
   * `Retry-After`, if any: then nothing starts until it has passed; without it the pacer probes.
   */
  reportRateLimited(report?: { retryAfterMs?: number | undefined }): void;
  /**
   * Tells the pacer Omni refused the token (401), before the task settles: while the first request goes
   * alone, nothing else starts on its failure (the caller is about to stop the run).
   */
  reportUnauthorized(): void;
}

export interface PacerRunOptions {
  /**
   * The attempt's number (1-based, default 1). Retries go first, earliest deadline first (their time
   * budget is running); while probing, the probe is the waiter with the fewest attempts, so no one
   * request spends its attempts on probes.
   */
  attempt?: number;
  /** On the pacer's clock: if the task cannot start by then, `run` rejects with PacerDeadlineError. */
  deadline?: number;
}

export interface Pacer {
  /**
   * Runs `task` once the budget, the bound on requests in flight and any slow-down allow; rejects with
   * CancelledError after abort, PacerDeadlineError when it could not start before `deadline`.
   */
  run<T>(task: (ticket: PacerTicket) => Promise<T>, options?: PacerRunOptions): Promise<T>;
  /** Requests allowed in flight now: the bound, or less while recovering from a 429. */
  readonly allowedInFlight: number;
  /** True between a 429 without Retry-After and the first answer that is not one. */
  readonly isProbing: boolean;
}

/** A request was not started because the run was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled before this request started');
    this.name = 'CancelledError';
  }
}

/** A request could not start before its deadline (its retry budget would have passed while waiting). */
export class PacerDeadlineError extends Error {
  constructor(readonly waitedMs: number) {
    super('The request could not start before its deadline');
    this.name = 'PacerDeadlineError';
  }
}

/** The real clock's sleep: resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_WINDOW_MS = 60_000;
export const DEFAULT_WINDOW_MARGIN_MS = 1_000;
const DEFAULT_WAIT_LOG_THRESHOLD_MS = 5_000;

interface Waiter {
  start: (ticket: PacerTicket, onSettled: (isFulfilled: boolean) => void) => void;
  reject: (error: unknown) => void;
  attempt: number;
  deadline: number;
  queuedAt: number;
}

/** Creates the pacer for one run; every request to Omni goes through it. */
export function createPacer(options: PacerOptions): Pacer {
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!Number.isInteger(options.maxRequestsPerMinute) || options.maxRequestsPerMinute < 1) {
    throw new RangeError(
      `maxRequestsPerMinute must be a whole number ≥ 1, got ${options.maxRequestsPerMinute}`,
    );
  }
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new RangeError(`maxConcurrency must be a whole number ≥ 1, got ${maxConcurrency}`);
  }
  const windowMs =
    (options.windowMs ?? DEFAULT_WINDOW_MS) + (options.windowMarginMs ?? DEFAULT_WINDOW_MARGIN_MS);
  const budget = options.maxRequestsPerMinute;
  const probeSettings: ProbeSettings = { ...DEFAULT_PROBE_SETTINGS, ...options.probe };
  const waitLogThresholdMs = options.waitLogThresholdMs ?? DEFAULT_WAIT_LOG_THRESHOLD_MS;
  const random = options.random ?? Math.random;
  const { now, sleep, signal } = options;

  const queue: Waiter[] = [];
  /** Start times still inside the window, oldest first; a request Omni refused with 429 leaves it. */
  const starts: number[] = [];
  /** Sequence numbers of the requests in flight (numbered in start order). */
  const inFlight = new Set<number>();
  let nextSeq = 0;
  /** With `isFirstRequestAlone`: set once an attempt has settled in a way that lets the others start. */
  let isFanOutAllowed = options.isFirstRequestAlone !== true;
  // The slow-down: requests numbered below `slowdownSeq` were sent before the latest 429 was known,
  // so their own 429s are the same news.
  let slowdownSeq = 0;
  let isProbing = false;
  let failedProbes = 0;
  /** When the first 429 of the current slow-down arrived. */
  let probingSince = 0;
  /** Requests allowed in flight (fractional while growing additively). */
  let congestionWindow = maxConcurrency;
  let growthThreshold = maxConcurrency;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let pauseReason = '';
  let isPumping = false;
  let wakeOnRelease: (() => void) | undefined;

  const wake = (): void => {
    const resolve = wakeOnRelease;
    wakeOnRelease = undefined;
    resolve?.();
  };
  signal?.addEventListener('abort', wake, { once: true });

  const countRecentInFlight = (): number => {
    let count = 0;
    for (const seq of inFlight) if (seq >= slowdownSeq) count += 1;
    return count;
  };

  /** Why nothing may start now, when it is a matter of in-flight requests (a release ends it). */
  const isBlockedByInFlight = (): boolean =>
    inFlight.size >= maxConcurrency ||
    (!isFanOutAllowed && inFlight.size > 0) ||
    countRecentInFlight() >= Math.max(1, Math.floor(congestionWindow));

  /** How long until the budget and any pause allow a start, and why. */
  const computeWait = (at: number): PacerWait => {
    while (starts.length > 0 && (starts[0] ?? 0) + windowMs <= at) starts.shift();
    let wait: PacerWait = { ms: pausedUntil - at, reason: pauseReason, cause: 'rate-limit' };
    if (starts.length >= budget) {
      // The start that must leave the window before one more fits.
      const blocking = starts[starts.length - budget] ?? at;
      const budgetMs = blocking + windowMs - at;
      if (budgetMs > wait.ms) {
        wait = {
          ms: budgetMs,
          reason: `the run's budget of ${budget} requests per ${Math.round(windowMs / 1000)} s is used up`,
          cause: 'budget',
        };
      }
    }
    return wait;
  };

  /** While probing, the waiter with the fewest attempts; else the earliest deadline (retries); FIFO on ties. */
  const pickWaiterIndex = (): number => {
    let best = 0;
    for (const [index, waiter] of queue.entries()) {
      const current = queue[best];
      if (current === undefined) break;
      const isBetter = isProbing ? waiter.attempt < current.attempt : waiter.deadline < current.deadline;
      if (isBetter) best = index;
    }
    return best;
  };

  const rejectExpired = (by: number, at: number): void => {
    for (let i = queue.length - 1; i >= 0; i -= 1) {
      const waiter = queue[i];
      if (waiter !== undefined && waiter.deadline < by) {
        queue.splice(i, 1);
        waiter.reject(new PacerDeadlineError(at - waiter.queuedAt));
      }
    }
  };

  const pump = async (): Promise<void> => {
    if (isPumping) return;
    isPumping = true;
    try {
      while (queue.length > 0) {
        if (signal?.aborted) {
          for (const waiter of queue.splice(0)) waiter.reject(new CancelledError());
          return;
        }
        if (isBlockedByInFlight()) {
          rejectExpired(now(), now());
          if (queue.length === 0) break;
          await new Promise<void>((resolve) => {
            wakeOnRelease = resolve;
          });
          if (!isFanOutAllowed) {
            // Let the settled request's caller react first (a 401 aborts the run) before another starts.
            await sleep(0, signal).catch(() => undefined);
          }
          continue;
        }
        const at = now();
        const wait = computeWait(at);
        if (wait.ms > 0) {
          rejectExpired(at + wait.ms, at);
          if (queue.length === 0) break;
          if (wait.ms >= waitLogThresholdMs) options.onWait?.(wait);
          // The sleep may end early on abort; the loop checks again either way.
          await sleep(wait.ms, signal).catch(() => undefined);
          continue;
        }
        rejectExpired(at, at);
        const [waiter] = queue.splice(pickWaiterIndex(), 1);
        if (waiter === undefined) break;
        starts.push(at);
        const seq = nextSeq;
        nextSeq += 1;
        inFlight.add(seq);
        let isRateLimited = false;
        let isUnauthorized = false;
        waiter.start(
          {
            startedAt: at,
            reportRateLimited: (report) => {
              if (isRateLimited) return;
              isRateLimited = true;
              onRateLimited(at, seq, report?.retryAfterMs);
            },
            reportUnauthorized: () => {
              isUnauthorized = true;
            },
          },
          (isFulfilled) => onSettled(seq, { isFulfilled, isRateLimited, isUnauthorized }),
        );
      }
    } finally {
      isPumping = false;
    }
  };

  /** A 429: the request does not count against the budget (Omni refused it); the run slows down. */
  const onRateLimited = (startedAt: number, seq: number, retryAfterMs: number | undefined): void => {
    const index = starts.lastIndexOf(startedAt);
    if (index !== -1) starts.splice(index, 1);
    if (seq < slowdownSeq) return;
    const at = now();
    if (!isProbing) growthThreshold = Math.max(1, Math.floor(congestionWindow / 2));
    slowdownSeq = nextSeq;
    if (retryAfterMs !== undefined) {
      // Omni said when: wait exactly that, then resume at half the window.
      isProbing = false;
      congestionWindow = growthThreshold;
      pausedUntil = Math.max(pausedUntil, at + Math.max(0, retryAfterMs));
      pauseReason = `Omni answered 429 with Retry-After ${Math.round(retryAfterMs / 1000)} s`;
      return;
    }
    failedProbes = isProbing ? failedProbes + 1 : 0;
    if (!isProbing) probingSince = at;
    isProbing = true;
    congestionWindow = 1;
    pausedUntil = Math.max(pausedUntil, at + computeProbeDelayMs(at - probingSince, random, probeSettings));
    pauseReason = `Omni answered 429 without Retry-After; probing for room (${failedProbes + 1} so far)`;
  };

  const onSettled = (
    seq: number,
    {
      isFulfilled,
      isRateLimited,
      isUnauthorized,
    }: Record<'isFulfilled' | 'isRateLimited' | 'isUnauthorized', boolean>,
  ): void => {
    inFlight.delete(seq);
    // Any settled attempt but a refused token or a 429 lets the others start: a success, and equally a
    // timeout, a 5xx or a network error (an Omni that never answers must not hold every request back for a
    // whole retry budget each). A 429 says nothing of the token yet, and its slow-down paces what follows.
    if (isFulfilled || (!isRateLimited && !isUnauthorized)) isFanOutAllowed = true;
    if (isRateLimited) return;
    if (seq < slowdownSeq) return;
    // Sent after the latest 429 and not refused: Omni had room.
    if (isProbing) {
      isProbing = false;
      failedProbes = 0;
      pausedUntil = Math.min(pausedUntil, now());
    }
    if (isFulfilled) {
      congestionWindow = growCongestionWindow(congestionWindow, growthThreshold, maxConcurrency);
    }
  };

  return {
    run<T>(task: (ticket: PacerTicket) => Promise<T>, runOptions: PacerRunOptions = {}): Promise<T> {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      return new Promise<T>((resolve, reject) => {
        queue.push({
          reject,
          attempt: runOptions.attempt ?? 1,
          deadline: runOptions.deadline ?? Number.POSITIVE_INFINITY,
          queuedAt: now(),
          start: (ticket, onSettled) => {
            Promise.resolve()
              .then(() => task(ticket))
              .then(
                (value) => {
                  onSettled(true);
                  resolve(value);
                },
                (error: unknown) => {
                  onSettled(false);
                  reject(error);
                },
              )
              .finally(wake);
          },
        });
        void pump();
      });
    },
    get allowedInFlight() {
      return Math.min(maxConcurrency, Math.max(1, Math.floor(congestionWindow)));
    },
    get isProbing() {
      return isProbing;
    },
  };
}
