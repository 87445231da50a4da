// Wires the client of one real run: the real clock, one pacer for the run's budget, retry messages as log lines.

import type { Redactor } from '../secrets.js';
import type { OmniClient } from './client.js';
import { createOmniClient } from './client.js';
import { createPacer, sleepUnlessAborted } from './pacer.js';

export interface CreateRunClientOptions {
  apiBaseUrl: string;
  token: string;
  /** The run's redactor, shared with the front end's publishers: what errors quote goes through it. */
  redactor: Redactor;
  /** Stops new requests at once. */
  signal: AbortSignal;
  /** Aborts requests in flight (after a grace period, on cancellation). */
  inFlightSignal?: AbortSignal;
  maxRequestsPerMinute: number;
  /** One line per retry, and per wait of 5 s or more for the run's budget or Omni's room; no token. */
  onRetry?: (message: string) => void;
  timeoutMs?: number;
}

// The budget, not this bound, keeps a run under Omni's limit; 20 in flight lets twenty connections plan
// and apply in two round trips (GET, then PUT) instead of queueing in waves of 8 (docs/benchmarks.md).
export const RUN_MAX_CONCURRENCY = 20;

/** Creates the OmniClient a run uses: every request shares one budget of `maxRequestsPerMinute`. */
export function createRunClient(options: CreateRunClientOptions): OmniClient {
  const pacer = createPacer({
    maxRequestsPerMinute: options.maxRequestsPerMinute,
    maxConcurrency: RUN_MAX_CONCURRENCY,
    now: Date.now,
    sleep: sleepUnlessAborted,
    signal: options.signal,
    // A refused token costs one request: the rest start only once one has succeeded (README).
    isFirstRequestAlone: true,
    onWait:
      options.onRetry &&
      ((wait) => options.onRetry?.(`Waiting ${(wait.ms / 1000).toFixed(1)} s: ${wait.reason}.`)),
  });
  const { onRetry } = options;
  return createOmniClient({
    apiBaseUrl: options.apiBaseUrl,
    token: options.token,
    redactor: options.redactor,
    pacer,
    signal: options.signal,
    inFlightSignal: options.inFlightSignal,
    timeoutMs: options.timeoutMs,
    onRetry:
      onRetry &&
      ((info) => onRetry(`${info.method} ${info.path}: attempt ${info.attempt} failed (${info.reason}).`)),
  });
}
