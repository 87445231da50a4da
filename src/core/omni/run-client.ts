// Wires the client of one real run: the real clock, one pacer for the run's budget, retry messages as log lines.

import type { Redactor } from '../secrets.js';
import type { OmniClient } from './client.js';
import { createOmniClient } from './client.js';
import { createPacer, sleepUnlessAborted } from './pacer.js';
import type { RetryInfo } from './transport.js';

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
  /** Every wait, as it starts: the pacer's (budget, rate limit) and each retry's own delay. */
  onWait?: (wait: RunWait) => void;
  timeoutMs?: number;
}

/** A wait as front ends show it: how long, and whether the run's budget, Omni's rate limit or a retry holds it. */
export interface RunWait {
  ms: number;
  cause: 'budget' | 'rate-limit' | 'retry';
}

/** Waits this long or longer are logged (README, "Rate limits, retries and cancellation"). */
const WAIT_LOG_THRESHOLD_MS = 5_000;

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
    // Every wait reaches onWait (a progress line needs the short probes too); the log only the long ones.
    waitLogThresholdMs: 0,
    onWait: (wait) => {
      options.onWait?.({ ms: wait.ms, cause: wait.cause });
      if (wait.ms >= WAIT_LOG_THRESHOLD_MS) {
        options.onRetry?.(`Waiting ${(wait.ms / 1000).toFixed(1)} s: ${wait.reason}.`);
      }
    },
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
    onRetry: (info) => {
      options.onWait?.({ ms: info.delayMs, cause: info.isProbe ? 'rate-limit' : 'retry' });
      onRetry?.(describeRetry(info));
    },
  });
}

/**
 * A retry as the log says it, numbered among the attempts that count (README: at most 5): a probe for room
 * at Omni (a 429 without Retry-After) does not use one up, so no reader meets an attempt 6 of 5.
 */
export function describeRetry(info: RetryInfo): string {
  const attempt = `attempt ${info.countedAttempt} of ${info.maxAttempts}`;
  return info.isProbe
    ? `${info.method} ${info.path}: ${attempt} was refused for now (${info.reason}); a refusal while probing for room does not count.`
    : `${info.method} ${info.path}: ${attempt} failed (${info.reason}).`;
}
