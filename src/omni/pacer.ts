// The one request budget of a run: a sliding-window limit on request starts (`max-requests-per-minute`),
// a bound on requests in flight, and a slow-down for the rest of the run once Omni answers 429.

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
  now: () => number;
  /** Resolves after `ms`, or early (either way) once `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export interface PacerTicket {
  /** When this request was let through, on the pacer's clock. */
  startedAt: number;
}

export interface Pacer {
  /** Runs `task` once the budget and the concurrency bound allow; rejects with CancelledError after abort. */
  run<T>(task: (ticket: PacerTicket) => Promise<T>): Promise<T>;
  /**
   * Tells the pacer Omni answered 429 to a request let through at `startedAt`: no request starts for
   * `pauseMs`, and the rate is halved (at most once per slow-down: requests already in flight when it
   * began do not halve it again).
   */
  reportRateLimited(report: { pauseMs: number; startedAt: number }): void;
  /** The rate in force now, in requests per window. */
  readonly effectiveRequestsPerMinute: number;
}

/** A request was not started because the run was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled before this request started');
    this.name = 'CancelledError';
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
const DEFAULT_WINDOW_MARGIN_MS = 1_000;

interface Waiter {
  start: (ticket: PacerTicket) => void;
  reject: (error: unknown) => void;
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
  const { now, sleep, signal } = options;

  const queue: Waiter[] = [];
  /** Start times still inside the window, oldest first. */
  const starts: number[] = [];
  let inFlight = 0;
  let effectiveLimit = options.maxRequestsPerMinute;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let lastSlowdownAt = Number.NEGATIVE_INFINITY;
  let isPumping = false;
  let wakeOnRelease: (() => void) | undefined;

  const wake = (): void => {
    const resolve = wakeOnRelease;
    wakeOnRelease = undefined;
    resolve?.();
  };
  signal?.addEventListener('abort', wake, { once: true });

  const computeWaitMs = (at: number): number => {
    while (starts.length > 0 && (starts[0] ?? 0) + windowMs <= at) starts.shift();
    let waitMs = pausedUntil - at;
    if (starts.length >= effectiveLimit) {
      // The start that must leave the window before one more fits.
      const blocking = starts[starts.length - effectiveLimit] ?? at;
      waitMs = Math.max(waitMs, blocking + windowMs - at);
    }
    return waitMs;
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
        if (inFlight >= maxConcurrency) {
          await new Promise<void>((resolve) => {
            wakeOnRelease = resolve;
          });
          continue;
        }
        const at = now();
        const waitMs = computeWaitMs(at);
        if (waitMs > 0) {
          // The sleep may end early on abort; the loop checks again either way.
          await sleep(waitMs, signal).catch(() => undefined);
          continue;
        }
        const waiter = queue.shift();
        if (waiter === undefined) break;
        starts.push(at);
        waiter.start({ startedAt: at });
      }
    } finally {
      isPumping = false;
    }
  };

  return {
    run<T>(task: (ticket: PacerTicket) => Promise<T>): Promise<T> {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      return new Promise<T>((resolve, reject) => {
        queue.push({
          reject,
          start: (ticket) => {
            inFlight += 1;
            Promise.resolve()
              .then(() => task(ticket))
              .then(resolve, reject)
              .finally(() => {
                inFlight -= 1;
                wake();
              });
          },
        });
        void pump();
      });
    },
    reportRateLimited({ pauseMs, startedAt }) {
      const at = now();
      // Requests that started before the current slow-down were sent at the old rate; their 429s are
      // the same news and must not halve the rate again.
      if (startedAt > lastSlowdownAt) {
        effectiveLimit = Math.max(1, Math.floor(effectiveLimit / 2));
        lastSlowdownAt = at;
      }
      pausedUntil = Math.max(pausedUntil, at + Math.max(0, pauseMs));
    },
    get effectiveRequestsPerMinute() {
      return effectiveLimit;
    },
  };
}
