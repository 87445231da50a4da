// A schema refresh and the wait for its job as Omni asks (README, "Impact on Omni"): one status read every
// 2 to 5 seconds, never two within a second, until the job completes, fails, or the time is up, the start
// and long waits said as progress. The clock and the sleep are passed in (tests run it on a fake clock); the
// impact check and `mode: refresh` refresh and wait the same way.
import type { OmniClient } from '../omni/client.js';
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

/** A wait's length as the log says it: `42 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * What became of a refresh that did not complete, for an error, `refresh` naming it ("schema refresh of
 * model …"): "Omni's <refresh> failed (job …, after 2 min 5 s)", "Omni's <refresh> did not finish within
 * 15 min (…); it may still finish in Omni", or "The run was cancelled during Omni's <refresh> (job …); the
 * refresh goes on in Omni". The caller ends the sentence.
 */
export function describeUnfinishedRefresh(
  wait: RefreshWait & { outcome: Exclude<RefreshWaitOutcome, 'completed'> },
  refresh: string,
  timeoutMinutes: number,
): string {
  const job = `job ${wait.jobId}`;
  switch (wait.outcome) {
    case 'failed':
      return `Omni's ${refresh} failed (${job}, after ${formatDuration(wait.elapsedMs)})`;
    case 'timed-out':
      return `Omni's ${refresh} did not finish within ${timeoutMinutes} min (${job}, still running at the last of ${wait.polls} status reads); it may still finish in Omni`;
    case 'cancelled':
      return `The run was cancelled during Omni's ${refresh} (${job}); the refresh goes on in Omni`;
  }
}

export interface RefreshSchemaOptions {
  client: Pick<OmniClient, 'startRefresh' | 'getJobStatus'>;
  modelId: string;
  /** The branch whose schema is refreshed; without it, the shared model's. */
  branchId?: string;
  /** What is refreshed, as the progress lines name it: `branch "x"`, `model <id>`. */
  subject: string;
  timeoutMinutes: number;
  clock: Pick<WaitForRefreshOptions, 'now' | 'sleep'>;
  signal: AbortSignal;
  /** The refresh's start and each long wait, for the log. */
  onProgress?(message: string): void;
}

/**
 * Starts the schema refresh and waits for its job (waitForRefresh), saying so as it starts and at each long
 * wait. Rejects as the refresh or a status read does.
 */
export async function refreshSchema(options: RefreshSchemaOptions): Promise<RefreshWait> {
  const { client, modelId, branchId, subject, timeoutMinutes, clock } = options;
  const job =
    branchId === undefined
      ? await client.startRefresh(modelId)
      : await client.startRefresh(modelId, { branchId });
  // The schedule counts from Omni's answer: the refresh may have waited for the budget before it was sent.
  const startedAt = clock.now();
  options.onProgress?.(
    `refreshing the schema of ${subject} (job ${job.jobId}); its status is read every 2 to 5 s, for up to ${timeoutMinutes} min`,
  );
  return waitForRefresh({
    job,
    readStatus: (jobId) => client.getJobStatus(jobId),
    timeoutMs: timeoutMinutes * 60_000,
    startedAt,
    now: clock.now,
    sleep: clock.sleep,
    signal: options.signal,
    onLongWait: (elapsedMs) =>
      options.onProgress?.(
        `still waiting for the schema refresh of ${subject} (job ${job.jobId}): ${formatDuration(elapsedMs)} so far, up to ${timeoutMinutes} min`,
      ),
  });
}
