// The refresh poller on a fake clock: when it reads the job's status, when it stops, and what it says of a
// long wait (README, "Impact on Omni", "Refresh").
import { describe, expect, it } from 'vitest';
import type { JobState, RefreshJob } from '../../../../src/core/omni/models.js';
import {
  describePollInterval,
  LONG_WAIT_MS,
  POLL_SCHEDULE,
  waitForRefresh,
} from '../../../../src/core/run/refresh-job.js';

interface FakeJob {
  /** When the job ends, on the fake clock; undefined: it never does. */
  endsAt?: number;
  endsAs?: 'completed' | 'failed';
  /** How long each status read takes. */
  readMs?: number;
}

/** A clock that moves only when slept on (or while a read "takes" its time), and a job that ends on it. */
function setUp(job: FakeJob, options: { timeoutMs?: number; abortAtMs?: number } = {}) {
  let clock = 0;
  const controller = new AbortController();
  const readTimes: number[] = [];
  const longWaits: number[] = [];
  const stateAt = (at: number): JobState =>
    job.endsAt !== undefined && at >= job.endsAt ? (job.endsAs ?? 'completed') : 'running';
  const run = waitForRefresh({
    job: { jobId: 'job-1', state: 'running' },
    readStatus: async (jobId): Promise<RefreshJob> => {
      readTimes.push(clock);
      clock += job.readMs ?? 0;
      return { jobId, state: stateAt(clock) };
    },
    timeoutMs: options.timeoutMs ?? 15 * 60_000,
    startedAt: 0,
    now: () => clock,
    sleep: async (ms) => {
      expect(ms).toBeGreaterThan(0);
      if (options.abortAtMs !== undefined && clock + ms >= options.abortAtMs) {
        clock = options.abortAtMs;
        controller.abort();
        return;
      }
      clock += ms;
    },
    signal: controller.signal,
    onLongWait: (elapsed) => longWaits.push(elapsed),
  });
  return { run, readTimes, longWaits };
}

const spacings = (times: readonly number[]) => times.map((at, index) => at - (times[index - 1] ?? 0));

describe('describePollInterval', () => {
  it('starts at 2 s, grows by half a second, and stays at 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(describePollInterval)).toEqual([
      2000, 2500, 3000, 3500, 4000, 4500, 5000, 5000, 5000,
    ]);
  });
});

describe('waitForRefresh', () => {
  it('reads the status on the schedule until the job completes', async () => {
    const { run, readTimes } = setUp({ endsAt: 9_000 });
    await expect(run).resolves.toEqual({ outcome: 'completed', jobId: 'job-1', elapsedMs: 11_000, polls: 4 });
    expect(readTimes).toEqual([2_000, 4_500, 7_500, 11_000]);
    expect(spacings(readTimes)).toEqual([2_000, 2_500, 3_000, 3_500]);
  });

  it('keeps every read between 2 and 5 s after the one before, however long the wait', async () => {
    const { run, readTimes } = setUp({ endsAt: 120_000 });
    await run;
    const gaps = spacings(readTimes);
    expect(Math.min(...gaps)).toBe(POLL_SCHEDULE.firstMs);
    expect(Math.max(...gaps)).toBe(POLL_SCHEDULE.maxMs);
    expect(gaps.slice(-5)).toEqual([5_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('counts the spacing from the start of each read, so a slow answer does not stretch it', async () => {
    const { run, readTimes } = setUp({ endsAt: 9_000, readMs: 800 });
    await run;
    expect(spacings(readTimes)).toEqual([2_000, 2_500, 3_000, 3_500]);
  });

  it('reads again at once after an answer slower than the interval, never two reads at once', async () => {
    const { run, readTimes } = setUp({ endsAt: 20_000, readMs: 6_000 });
    await run;
    expect(spacings(readTimes)).toEqual([2_000, 6_000, 6_000]);
  });

  it('returns at once when the refresh answer is already final, without a read', async () => {
    let reads = 0;
    const wait = await waitForRefresh({
      job: { jobId: 'job-2', state: 'failed' },
      readStatus: async () => {
        reads += 1;
        return { jobId: 'job-2', state: 'completed' };
      },
      timeoutMs: 60_000,
      startedAt: 0,
      now: () => 0,
      sleep: async () => undefined,
      signal: new AbortController().signal,
    });
    expect(wait).toEqual({ outcome: 'failed', jobId: 'job-2', elapsedMs: 0, polls: 0 });
    expect(reads).toBe(0);
  });

  it('reports a failed job as failed', async () => {
    const { run } = setUp({ endsAt: 3_000, endsAs: 'failed' });
    await expect(run).resolves.toMatchObject({ outcome: 'failed', polls: 2 });
  });

  it('times out with a last read at the deadline, and never later', async () => {
    // The read due at 64.5 s is moved up to the deadline at 62 s, 2.5 s after the one before.
    const { run, readTimes } = setUp({}, { timeoutMs: 62_000 });
    await expect(run).resolves.toMatchObject({ outcome: 'timed-out', elapsedMs: 62_000 });
    expect(readTimes.slice(-2)).toEqual([59_500, 62_000]);
    expect(Math.min(...spacings(readTimes))).toBeGreaterThanOrEqual(POLL_SCHEDULE.minSpacingMs);
  });

  it('skips the last read when the deadline is within a second of the one before', async () => {
    // Reads at 2, 4.5, 7.5, 11, 15, 19.5, 24.5, 29.5 s: the deadline at 30 s is half a second after the last.
    const { run, readTimes } = setUp({}, { timeoutMs: 30_000 });
    await expect(run).resolves.toMatchObject({ outcome: 'timed-out', elapsedMs: 29_500 });
    expect(readTimes.at(-1)).toBe(29_500);
  });

  it('stops reading once cancelled, and says so', async () => {
    const { run, readTimes } = setUp({}, { abortAtMs: 10_000 });
    await expect(run).resolves.toMatchObject({ outcome: 'cancelled', elapsedMs: 10_000 });
    expect(readTimes.every((at) => at < 10_000)).toBe(true);
  });

  it('says of a long wait how long it has been, once per 30 s', async () => {
    const { run, longWaits } = setUp({ endsAt: 100_000 });
    await run;
    expect(longWaits.length).toBe(3);
    longWaits.forEach((elapsed, index) => {
      expect(elapsed).toBeGreaterThanOrEqual(LONG_WAIT_MS * (index + 1));
      expect(elapsed).toBeLessThan(LONG_WAIT_MS * (index + 1) + POLL_SCHEDULE.maxMs);
    });
  });

  it('passes on a failing read as it is', async () => {
    const failure = new Error('GET /v1/jobs/job-3/status: Omni answered HTTP 404');
    await expect(
      waitForRefresh({
        job: { jobId: 'job-3', state: 'running' },
        readStatus: async () => {
          throw failure;
        },
        timeoutMs: 60_000,
        startedAt: 0,
        now: () => 0,
        sleep: async () => undefined,
        signal: new AbortController().signal,
      }),
    ).rejects.toBe(failure);
  });
});
