// A progress line for long waits at a terminal: while a run is held (Omni's rate limit, the run's own
// budget, a retry's delay) for longer than a few seconds, say every few seconds how long it has waited and
// about how long the wait is. Waits that follow each other closely (a probe for room, refused, then the
// next wait) are one wait. The clock and the timer are passed in, so tests drive it without real time.
import type { RunWait } from '../core/omni/run-client.js';

export interface WaitProgressOptions {
  /** Writes one line (stderr, at a terminal). */
  write(line: string): void;
  now(): number;
  /** Calls `callback` once after `ms`; returns a way to cancel it. The real one is unref'd. */
  setTimer(callback: () => void, ms: number): { cancel(): void };
  /** How often the line is written, and how long a wait must have lasted before the first. */
  intervalMs?: number;
  /** A wait that starts this soon after the last one ended is the same wait. */
  joinMs?: number;
}

export interface WaitProgress {
  /** A wait starts now (from the client's onWait). */
  noteWait(wait: RunWait): void;
  /** Stops the line (the run is over). */
  stop(): void;
}

export const WAIT_PROGRESS_INTERVAL_MS = 5_000;
const JOIN_MS = 2_000;

/** What the line says holds the run. */
const HOLDERS: Record<RunWait['cause'], string> = {
  'rate-limit': "Omni's rate limit",
  budget: "the run's request budget (--max-requests-per-minute)",
  retry: 'the next attempt',
};

interface Episode {
  startedAt: number;
  endsAt: number;
  cause: RunWait['cause'];
}

export function createWaitProgress(options: WaitProgressOptions): WaitProgress {
  const intervalMs = options.intervalMs ?? WAIT_PROGRESS_INTERVAL_MS;
  const joinMs = options.joinMs ?? JOIN_MS;
  let episode: Episode | undefined;
  let timer: { cancel(): void } | undefined;

  const schedule = (ms: number) => {
    timer?.cancel();
    timer = options.setTimer(tick, ms);
  };
  function tick(): void {
    timer = undefined;
    const current = episode;
    if (current === undefined) return;
    const at = options.now();
    if (at >= current.endsAt + joinMs) {
      episode = undefined;
      return;
    }
    if (at < current.endsAt) {
      const waited = Math.round((at - current.startedAt) / 1000);
      const total = Math.round((current.endsAt - current.startedAt) / 1000);
      options.write(`still waiting for ${HOLDERS[current.cause]}: ${waited} s of ~${total} s`);
    }
    schedule(intervalMs);
  }

  return {
    noteWait(wait) {
      if (wait.ms <= 0) return;
      const at = options.now();
      const endsAt = at + wait.ms;
      if (episode !== undefined && at <= episode.endsAt + joinMs) {
        episode.endsAt = Math.max(episode.endsAt, endsAt);
        // Omni's limit is what a run hears of most: it names the wait once it is part of it.
        if (wait.cause === 'rate-limit') episode.cause = 'rate-limit';
        return;
      }
      episode = { startedAt: at, endsAt, cause: wait.cause };
      schedule(intervalMs);
    },
    stop() {
      timer?.cancel();
      timer = undefined;
      episode = undefined;
    },
  };
}
