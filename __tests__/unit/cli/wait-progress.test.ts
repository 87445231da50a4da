// The progress line of long waits at a terminal, driven by a fake clock and timer: nothing for a short wait,
// a line every few seconds for a long one, chained waits (probes for room) as one wait.
import { describe, expect, it } from 'vitest';
import { createWaitProgress } from '../../../src/cli/wait-progress.js';

/** A clock and a one-shot timer whose time moves only when the test says so. */
function createFakeTime() {
  let now = 0;
  let timers: { at: number; callback: () => void; isCancelled: boolean }[] = [];
  return {
    now: () => now,
    setTimer(callback: () => void, ms: number) {
      const timer = { at: now + ms, callback, isCancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.isCancelled = true;
        },
      };
    },
    /** Moves the clock to `to`, firing each timer due on the way, in order. */
    advanceTo(to: number) {
      for (;;) {
        const due = timers
          .filter((timer) => !timer.isCancelled && timer.at <= to)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = to;
    },
    get pending() {
      return timers.filter((timer) => !timer.isCancelled).length;
    },
  };
}

function setUp() {
  const time = createFakeTime();
  const lines: string[] = [];
  const progress = createWaitProgress({
    write: (line) => lines.push(line),
    now: time.now,
    setTimer: (callback, ms) => time.setTimer(callback, ms),
  });
  return { time, lines, progress };
}

describe('createWaitProgress', () => {
  it('says nothing of a wait shorter than a few seconds', () => {
    const { time, lines, progress } = setUp();
    progress.noteWait({ ms: 3_000, cause: 'rate-limit' });
    time.advanceTo(60_000);
    expect(lines).toEqual([]);
    expect(time.pending).toBe(0);
  });

  it('says every 5 s how long a long wait has lasted and about how long it is', () => {
    const { time, lines, progress } = setUp();
    progress.noteWait({ ms: 30_000, cause: 'rate-limit' });
    time.advanceTo(40_000);
    expect(lines).toEqual([
      "still waiting for Omni's rate limit: 5 s of ~30 s",
      "still waiting for Omni's rate limit: 10 s of ~30 s",
      "still waiting for Omni's rate limit: 15 s of ~30 s",
      "still waiting for Omni's rate limit: 20 s of ~30 s",
      "still waiting for Omni's rate limit: 25 s of ~30 s",
    ]);
    expect(time.pending).toBe(0);
  });

  it('takes waits that follow each other closely (probes for room) as one wait, growing its length', () => {
    const { time, lines, progress } = setUp();
    // Probes: a 4 s wait, a refused probe 0.2 s after it, the next wait, and so on.
    let at = 0;
    for (const ms of [4_000, 4_000, 4_000, 4_000]) {
      time.advanceTo(at);
      progress.noteWait({ ms, cause: 'rate-limit' });
      at += ms + 200;
    }
    time.advanceTo(30_000);
    expect(lines).toEqual([
      "still waiting for Omni's rate limit: 5 s of ~8 s",
      "still waiting for Omni's rate limit: 10 s of ~12 s",
      "still waiting for Omni's rate limit: 15 s of ~17 s",
    ]);
  });

  it('names the run’s own budget when that is what holds it, and stops when told', () => {
    const { time, lines, progress } = setUp();
    progress.noteWait({ ms: 50_000, cause: 'budget' });
    time.advanceTo(6_000);
    progress.stop();
    time.advanceTo(60_000);
    expect(lines).toEqual([
      "still waiting for the run's request budget (--max-requests-per-minute): 5 s of ~50 s",
    ]);
    expect(time.pending).toBe(0);
  });
});
