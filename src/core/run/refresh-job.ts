// Waiting for an Omni schema refresh job as Omni asks (README, "Impact on Omni", "Refresh"): one status read
// every 2 to 5 seconds, never two within a second, until the job completes, fails, or the time is up. The
// clock and the sleep are passed in (tests run it on a fake clock); `mode: refresh` waits the same way.
import type { JobState, RefreshJob } from '../omni/models.js';

/**
 * The poll schedule: the first read 2 s after the refresh started, each later one 0.5 s further apart, up
 * to 5 s (docs.omni.co asks for a poll every 2 to 5 seconds). Reads are never less than 1 s apart, even
 * the last one, moved up to the deadline.
 */
export const POLL_SCHEDULE = { firstMs: 2_000, stepMs: 500, maxMs: 5_000, minSpacingMs: 1_000 } as const;

/** A wait longer than this is logged, with its elapsed time, and again each time as long again. */
export const LONG_WAIT_MS = 30_000;

/** How long after the previous read (or the start, for `pollIndex` 0) the read `pollIndex` is due. */
export function describePollInterval(pollIndex: number): number {
  return Math.min(POLL_SCHEDULE.maxMs, POLL_SCHEDULE.firstMs + POLL_SCHEDULE.stepMs * pollIndex);
}

export type RefreshWaitOutcome = 'completed' | 'failed' | 'timed-out' | 'cancelled';

export interface RefreshWait {
  outcome: RefreshWaitOutcome;
  jobId: string;
  /** From the start of the refresh to the last read (or to the cancellation). */
  elapsedMs: number;
  /** Status reads made (the refresh's own answer not counted). */
  polls: number;
}

export interface WaitForRefreshOptions {
  /** The job as the refresh answered it: its id, and a state that may already be final. */
  job: RefreshJob;
  readStatus(jobId: string): Promise<RefreshJob>;
  timeoutMs: number;
  /** When the refresh was asked for; the schedule and the timeout count from here. */
  startedAt: number;
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Cancellation: no further read starts once it aborts. */
  signal: AbortSignal;
  /** Told the elapsed time once the wait passes LONG_WAIT_MS, and at each multiple of it. */
  onLongWait?(elapsedMs: number): void;
}

const FINAL: Partial<Record<JobState, RefreshWaitOutcome>> = { completed: 'completed', failed: 'failed' };

/**
 * Reads the job's status on POLL_SCHEDULE until it is final, `timeoutMs` has passed since `startedAt`
 * (`timed-out`: the job may still finish in Omni), or `signal` aborts (`cancelled`). A failing read
 * rejects, as the client's error: whether the job ended is then unknown.
 */
export async function waitForRefresh(options: WaitForRefreshOptions): Promise<RefreshWait> {
  const { job, now, signal, startedAt } = options;
  const deadline = startedAt + options.timeoutMs;
  let polls = 0;
  let lastReadAt = startedAt;
  let state = job.state;
  let nextLongWait = startedAt + LONG_WAIT_MS;
  const finish = (outcome: RefreshWaitOutcome, at = lastReadAt): RefreshWait => ({
    outcome,
    jobId: job.jobId,
    elapsedMs: at - startedAt,
    polls,
  });

  for (;;) {
    const final = FINAL[state];
    if (final !== undefined) return finish(final);
    if (signal.aborted) return finish('cancelled', now());
    let readAt = lastReadAt + describePollInterval(polls);
    if (readAt > deadline) {
      // One last read at the deadline, unless it would come within a second of the previous one.
      if (deadline - lastReadAt < POLL_SCHEDULE.minSpacingMs) return finish('timed-out');
      readAt = deadline;
    }
    const wait = readAt - now();
    if (wait > 0) await options.sleep(wait, signal);
    if (signal.aborted) return finish('cancelled', now());
    lastReadAt = now();
    polls += 1;
    state = (await options.readStatus(job.jobId)).state;
    if (state === 'running' && now() >= nextLongWait) {
      options.onLongWait?.(now() - startedAt);
      while (nextLongWait <= now()) nextLongWait += LONG_WAIT_MS;
    }
    if (state === 'running' && lastReadAt >= deadline) return finish('timed-out');
  }
}
