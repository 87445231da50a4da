// A clock for the refresh poller (run/refresh-job.ts) that moves only when the poller sleeps on it; given to the
// sandbox as its `now`, its refresh jobs run on it too, so a poll schedule or a timeout is checked exactly and at once.
export function createFakeClock(start = Date.parse('2026-12-01T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (!signal.aborted) now += ms;
    },
  };
}
