// How a run winds down when the job is cancelled: no new request starts at once; requests already in
// flight get a moment to finish (a PUT cut off mid-flight leaves its outcome unknown), then are aborted.

export interface Cancellation {
  /** Aborted at once on cancel: nothing new starts. */
  stop: AbortController;
  /** Aborted `graceMs` after cancel: requests still in flight are cut off. */
  inFlightSignal: AbortSignal;
  cancel: () => void;
}

export function createCancellation(graceMs: number): Cancellation {
  const stop = new AbortController();
  const inFlight = new AbortController();
  const cancel = () => {
    if (stop.signal.aborted) return;
    stop.abort();
    // unref: a run whose requests all finish in time exits without waiting for the timer.
    setTimeout(() => inFlight.abort(), graceMs).unref();
  };
  return { stop, inFlightSignal: inFlight.signal, cancel };
}

/**
 * GitHub's runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then kills it 2.5 s after that
 * (actions/runner, ProcessInvoker). Five seconds lets requests in flight finish and the summary be written.
 */
export const ACTION_CANCEL_GRACE_MS = 5_000;
