import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CancelledError, createPacer, type PacerOptions } from '../../src/omni/pacer.js';

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

  it('after a 429 pauses every start and halves the rate once per slow-down', async () => {
    const { clock, pacer, starts } = setUp({ maxRequestsPerMinute: 8, maxConcurrency: 2 });
    const run = (onStart?: (startedAt: number) => void) =>
      pacer.run(async ({ startedAt }) => {
        starts.push(clock.now());
        onStart?.(startedAt);
        await clock.sleep(10);
      });
    const all = [
      run((startedAt) => pacer.reportRateLimited({ pauseMs: 5000, startedAt })),
      // In flight alongside the first: its 429 is the same news and must not halve again.
      run((startedAt) => pacer.reportRateLimited({ pauseMs: 5000, startedAt })),
      ...Array.from({ length: 6 }, () => run()),
    ];
    await clock.runUntilSettled(Promise.all(all));
    expect(pacer.effectiveRequestsPerMinute).toBe(4);
    expect(starts.slice(0, 2)).toEqual([0, 0]);
    expect(Math.min(...starts.slice(2))).toBe(5000);
    // 8 starts with the halved budget of 4: two more windows needed past the first two.
    expect(countMaxInWindow(starts.slice(2), 60_000)).toBeLessThanOrEqual(4);
  });

  it('halves again for a 429 on a request that started after the slow-down, never below 1', async () => {
    const { clock, pacer } = setUp({ maxRequestsPerMinute: 6 });
    clock.time = 100;
    pacer.reportRateLimited({ pauseMs: 0, startedAt: 50 });
    expect(pacer.effectiveRequestsPerMinute).toBe(3);
    pacer.reportRateLimited({ pauseMs: 0, startedAt: 99 });
    expect(pacer.effectiveRequestsPerMinute).toBe(3);
    pacer.reportRateLimited({ pauseMs: 0, startedAt: 101 });
    expect(pacer.effectiveRequestsPerMinute).toBe(1);
    clock.time = 200;
    pacer.reportRateLimited({ pauseMs: 0, startedAt: 150 });
    expect(pacer.effectiveRequestsPerMinute).toBe(1);
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
