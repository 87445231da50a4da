import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  createPacer,
  PacerDeadlineError,
  type PacerOptions,
  type PacerWait,
} from '../../../../src/core/omni/pacer.js';

/** A clock that only moves when everything else is idle: it jumps to the next pending sleep. */
class FakeClock {
  time = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.time + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });

  /** Runs fake time forward until `promise` settles. */
  async runUntilSettled<T>(promise: Promise<T>): Promise<T> {
    let isSettled = false;
    promise.then(
      () => {
        isSettled = true;
      },
      () => {
        isSettled = true;
      },
    );
    for (let step = 0; step < 100_000; step += 1) {
      await flushMicrotasks();
      if (isSettled) return promise;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (next === undefined) throw new Error('deadlock: nothing pending and the promise did not settle');
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    throw new Error('too many steps');
  }
}

const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

function setUp(options: Partial<PacerOptions> & { maxRequestsPerMinute: number }) {
  const clock = new FakeClock();
  const pacer = createPacer({ now: clock.now, sleep: clock.sleep, ...options });
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  /** A request that starts, takes `durationMs` of fake time, and resolves with its start time. */
  const request = (durationMs: number) =>
    pacer.run(async ({ startedAt }) => {
      starts.push(clock.now());
      expect(startedAt).toBe(clock.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await clock.sleep(durationMs);
      inFlight -= 1;
      return startedAt;
    });
  return { clock, pacer, starts, request, getMaxInFlight: () => maxInFlight };
}

/** The most starts in any window of `windowMs` (a window that opens at some start). */
function countMaxInWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  for (const [i, from] of sorted.entries()) {
    best = Math.max(best, sorted.slice(i).filter((t) => t < from + windowMs).length);
  }
  return best;
}

describe('createPacer', () => {
  it('never starts more than the budget in any 60 s window, nor more than maxConcurrency at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 40 }),
        async (perMinute, maxConcurrency, durations) => {
          const { clock, starts, request, getMaxInFlight } = setUp({
            maxRequestsPerMinute: perMinute,
            maxConcurrency,
          });
          await clock.runUntilSettled(Promise.all(durations.map((d) => request(d))));
          expect(starts).toHaveLength(durations.length);
          expect(countMaxInWindow(starts, 60_000)).toBeLessThanOrEqual(perMinute);
          expect(getMaxInFlight()).toBeLessThanOrEqual(maxConcurrency);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('spaces the request past the budget by the window plus its margin, and starts the rest in order', async () => {
    const { clock, starts, request } = setUp({ maxRequestsPerMinute: 3, windowMarginMs: 1000 });
    const results = await clock.runUntilSettled(Promise.all([0, 0, 0, 0, 0, 0, 0].map(() => request(10))));
    expect(starts).toEqual([0, 0, 0, 61_000, 61_000, 61_000, 122_000]);
    expect(results).toEqual(starts);
  });

  it('runs twenty quick requests within the budget in three rounds of eight', async () => {
    const { clock, starts, request } = setUp({ maxRequestsPerMinute: 60 });
    await clock.runUntilSettled(Promise.all(Array.from({ length: 20 }, () => request(100))));
    expect(starts).toEqual([...Array(8).fill(0), ...Array(8).fill(100), ...Array(4).fill(200)]);
    expect(clock.time).toBe(300);
  });

  it('after a 429 without Retry-After holds every start, probes one request at a time, then ramps up', async () => {
    // random 0.5: each probe waits exactly its nominal delay (at least 1 s, a quarter of the time probed).
    const { clock, pacer } = setUp({ maxRequestsPerMinute: 60, maxConcurrency: 4, random: () => 0.5 });
    const log: { at: number; name: string }[] = [];
    /** Omni refuses every request that reaches it before `roomAt`. */
    const roomAt = 2_000;
    const request = (name: string) =>
      pacer.run(async (ticket) => {
        log.push({ at: clock.now(), name });
        await clock.sleep(10);
        if (clock.now() < roomAt) {
          ticket.reportRateLimited();
          throw new Error('429');
        }
        return name;
      });
    const first = ['a', 'b', 'c', 'd'].map((name) => request(name).catch(() => `${name} refused`));
    await clock.runUntilSettled(Promise.all(first));
    expect(pacer.isProbing).toBe(true);
    expect(pacer.allowedInFlight).toBe(1);
    const requestUntilServed = async (name: string): Promise<string> =>
      request(name).catch(() => requestUntilServed(name));
    const rest = ['e', 'f', 'g', 'h', 'i'].map(requestUntilServed);
    await clock.runUntilSettled(Promise.all(rest));
    // The burst's four 429s are one piece of news: one probe at +1 s (refused), the next 1 s later.
    expect(log.slice(4)).toEqual([
      { at: 1_010, name: 'e' },
      { at: 2_020, name: 'f' },
      // f succeeded: two in flight (half the bound), then more as each succeeds.
      { at: 2_030, name: 'g' },
      { at: 2_030, name: 'h' },
      { at: 2_040, name: 'i' },
      { at: 2_040, name: 'e' },
    ]);
    expect(pacer.isProbing).toBe(false);
    // Half the bound after the probe (slow start), then about one more per round of successes.
    expect(pacer.allowedInFlight).toBe(3);
  });

  it('with Retry-After waits exactly that long, once per slow-down', async () => {
    const { clock, pacer, starts } = setUp({ maxRequestsPerMinute: 60, maxConcurrency: 2 });
    const run = (retryAfterMs?: number) =>
      pacer.run(async (ticket) => {
        starts.push(clock.now());
        await clock.sleep(10);
        if (retryAfterMs !== undefined) ticket.reportRateLimited({ retryAfterMs });
      });
    // Both in flight together: the second 429 is old news and does not push the pause further. After
    // the pause the run resumes at half its bound (one in flight), and grows again with each success.
    await clock.runUntilSettled(Promise.all([run(3_000), run(3_000), run(), run(), run()]));
    expect(starts).toEqual([0, 0, 3_010, 3_020, 3_020]);
    expect(pacer.isProbing).toBe(false);
  });

  it('takes a refused request out of the budget: Omni did not count it', async () => {
    const { clock, pacer, starts } = setUp({ maxRequestsPerMinute: 2, windowMarginMs: 0 });
    const run = (isRefused: boolean) =>
      pacer.run(async (ticket) => {
        starts.push(clock.now());
        if (isRefused) ticket.reportRateLimited({ retryAfterMs: 0 });
      });
    await clock.runUntilSettled(run(true));
    await clock.runUntilSettled(Promise.all([run(false), run(false), run(false)]));
    // Three counted starts at 0 would have been one too many: only two count, the fourth waits a window.
    expect(starts).toEqual([0, 0, 0, 60_000]);
  });

  it('sends the first request alone and fans out once one has succeeded', async () => {
    const { clock, request, starts } = setUp({
      maxRequestsPerMinute: 60,
      maxConcurrency: 8,
      isFirstRequestAlone: true,
    });
    await clock.runUntilSettled(Promise.all(Array.from({ length: 5 }, () => request(100))));
    expect(starts).toEqual([0, 100, 100, 100, 100]);
  });

  /** A pacer that sends the first request alone, and requests Omni refuses with 401 after 100 ms. */
  const setUpRefused = (controller?: AbortController) => {
    const { clock, pacer } = setUp({
      maxRequestsPerMinute: 60,
      maxConcurrency: 8,
      isFirstRequestAlone: true,
      ...(controller === undefined ? {} : { signal: controller.signal }),
    });
    const starts: number[] = [];
    const refused = () =>
      pacer
        .run(async (ticket) => {
          starts.push(clock.now());
          await clock.sleep(100);
          ticket.reportUnauthorized();
          throw new Error('401');
        })
        .catch(() => {
          // As the run does on a 401: the caller aborts once it sees the failure.
          controller?.abort();
          return 'failed';
        });
    return { clock, starts, refused };
  };

  it('keeps the others back after a 401 on the first request, and lets the 401 stop the run first', async () => {
    const { clock, starts, refused } = setUpRefused(new AbortController());
    const outcomes = await clock.runUntilSettled(Promise.allSettled([refused(), refused(), refused()]));
    expect(starts).toEqual([0]);
    expect(outcomes.map((o) => o.status === 'fulfilled' && o.value)).toEqual(['failed', 'failed', 'failed']);
  });

  it('sends one at a time while each first attempt is refused with 401 and nobody stops the run', async () => {
    const { clock, starts, refused } = setUpRefused();
    await clock.runUntilSettled(Promise.all([refused(), refused(), refused()]));
    expect(starts).toEqual([0, 100, 200]);
  });

  it('lets the others start once the first attempt has failed for any reason but a 401 (a silent Omni)', async () => {
    const { clock, pacer } = setUp({
      maxRequestsPerMinute: 60,
      maxConcurrency: 8,
      isFirstRequestAlone: true,
    });
    const startedAt = new Map<string, number>();
    let firstEndedAt = 0;
    // The first request times out twice (its retry has a deadline, so it goes before first attempts).
    const timingOut = async () => {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        await pacer
          .run(
            async () => {
              startedAt.set(`first#${attempt}`, clock.now());
              await clock.sleep(1_000);
              throw new Error('timeout');
            },
            { attempt, deadline: 10_000 },
          )
          .catch(() => {
            firstEndedAt = clock.now();
          });
      }
    };
    const answering = (name: string) =>
      pacer.run(async () => {
        startedAt.set(name, clock.now());
        await clock.sleep(100);
      });
    await clock.runUntilSettled(Promise.all([timingOut(), answering('b'), answering('c')]));
    // b and c start as soon as the first attempt failed, not once the first request's attempts are over.
    expect(Object.fromEntries(startedAt)).toEqual({ 'first#1': 0, 'first#2': 1000, b: 1000, c: 1000 });
    expect(firstEndedAt).toBe(2000);
  });

  it('keeps the first request alone through a 429: it says nothing of the token yet', async () => {
    const { clock, pacer } = setUp({
      maxRequestsPerMinute: 60,
      maxConcurrency: 8,
      isFirstRequestAlone: true,
    });
    const starts: string[] = [];
    const first = pacer
      .run(async (ticket) => {
        starts.push(`first at ${clock.now()}`);
        await clock.sleep(100);
        ticket.reportRateLimited({ retryAfterMs: 0 });
        throw new Error('429');
      })
      .catch(() => 'failed');
    const others = [1, 2].map((n) =>
      pacer.run(async () => {
        starts.push(`other ${n} at ${clock.now()}`);
        await clock.sleep(100);
      }),
    );
    await clock.runUntilSettled(Promise.all([first, ...others]));
    // After the 429 the next one still goes alone; once it succeeds, the last one may start.
    expect(starts).toEqual(['first at 0', 'other 1 at 100', 'other 2 at 200']);
  });

  it('starts a retry before first attempts, and rejects one that cannot start before its deadline', async () => {
    const { clock, pacer, starts } = setUp({ maxRequestsPerMinute: 1, windowMarginMs: 0 });
    const run = (name: string, options?: { attempt?: number; deadline?: number }) =>
      pacer.run(async () => {
        starts.push(clock.now());
        return name;
      }, options);
    const first = run('first');
    const fresh = run('fresh');
    const retry = run('retry', { attempt: 2, deadline: 70_000 });
    const late = run('late retry', { attempt: 2, deadline: 59_999 });
    const outcomes = await clock.runUntilSettled(Promise.allSettled([first, fresh, retry, late]));
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'first' });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 'retry' });
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 'fresh' });
    expect(outcomes[3].status === 'rejected' && outcomes[3].reason).toBeInstanceOf(PacerDeadlineError);
    expect(starts).toEqual([0, 60_000, 120_000]);
  });

  it('reports each wait of 5 s or more with its reason', async () => {
    const waits: PacerWait[] = [];
    const { clock, request } = setUp({
      maxRequestsPerMinute: 1,
      windowMarginMs: 0,
      onWait: (wait) => waits.push(wait),
    });
    await clock.runUntilSettled(Promise.all([request(1_000), request(1_000)]));
    expect(waits).toEqual([
      { ms: 60_000, reason: "the run's budget of 1 requests per 60 s is used up", cause: 'budget' },
    ]);
  });

  it('keeps the budget and the bound on requests in flight whatever Omni refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ durationMs: fc.integer({ min: 0, max: 5_000 }), refusals: fc.nat(3) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.option(fc.integer({ min: 0, max: 10_000 })),
        async (perMinute, maxConcurrency, requests, retryAfterMs) => {
          const { clock, pacer } = setUp({
            maxRequestsPerMinute: perMinute,
            maxConcurrency,
            windowMarginMs: 0,
            random: () => 0.5,
          });
          const counted: number[] = [];
          let inFlight = 0;
          let maxInFlight = 0;
          const attempt = (durationMs: number, isRefused: boolean) =>
            pacer.run(async (ticket) => {
              inFlight += 1;
              maxInFlight = Math.max(maxInFlight, inFlight);
              const at = clock.now();
              await clock.sleep(durationMs);
              inFlight -= 1;
              if (isRefused) {
                ticket.reportRateLimited({ retryAfterMs: retryAfterMs ?? undefined });
                throw new Error('429');
              }
              counted.push(at);
            });
          const requestUntilServed = async ({ durationMs, refusals }: (typeof requests)[number]) => {
            for (let i = 0; ; i += 1) {
              try {
                return await attempt(durationMs, i < refusals);
              } catch {
                // Refused: try again.
              }
            }
          };
          await clock.runUntilSettled(Promise.all(requests.map(requestUntilServed)));
          expect(counted).toHaveLength(requests.length);
          expect(countMaxInWindow(counted, 60_000)).toBeLessThanOrEqual(perMinute);
          expect(maxInFlight).toBeLessThanOrEqual(maxConcurrency);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('once aborted starts nothing new: queued requests reject with CancelledError', async () => {
    const controller = new AbortController();
    const { clock, pacer, starts, request } = setUp({
      maxRequestsPerMinute: 60,
      maxConcurrency: 2,
      signal: controller.signal,
    });
    const pending = Array.from({ length: 5 }, () => request(1000));
    await flushMicrotasks();
    expect(starts).toEqual([0, 0]);
    controller.abort();
    const outcomes = await clock.runUntilSettled(Promise.allSettled(pending));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const outcome of outcomes.slice(2)) {
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(CancelledError);
    }
    expect(starts).toEqual([0, 0]);
    await expect(pacer.run(async () => 'late')).rejects.toBeInstanceOf(CancelledError);
  });

  it('an abort during a wait for the budget cancels the waiting requests', async () => {
    const controller = new AbortController();
    const { clock, starts, request } = setUp({ maxRequestsPerMinute: 1, signal: controller.signal });
    const first = request(0);
    const second = request(0);
    await clock.runUntilSettled(first);
    controller.abort();
    await expect(clock.runUntilSettled(second)).rejects.toBeInstanceOf(CancelledError);
    expect(starts).toEqual([0]);
  });

  it('rejects a budget or concurrency below 1', () => {
    expect(() => setUp({ maxRequestsPerMinute: 0 })).toThrow(RangeError);
    expect(() => setUp({ maxRequestsPerMinute: 1.5 })).toThrow(RangeError);
    expect(() => setUp({ maxRequestsPerMinute: 5, maxConcurrency: 0 })).toThrow(RangeError);
  });
});
