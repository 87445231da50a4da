// The benchmark's 429 scenarios, in process with the production wiring (createRunClient): another client
// of the same key (sandbox `otherClient`), and stray 429s and 5xx. Each run's wall time is set against the
// earliest time Omni's sliding window could have served every request of the run (computeServiceFloor).
import { startSandbox } from '../../sandbox/server.js';
import { generateChangedConnections } from './fixtures.js';
import { importCore } from './measure.js';

const TOKEN = 'bench-token';
const OMNI_LIMIT = 60;
const OMNI_WINDOW_MS = 60_000;

/**
 * The earliest moment every request of a run could be answered, given Omni's sliding window (a request
 * at t counts while it is under `windowMs` old) and the other client: `prior` requests at `priorAt`, then
 * one attempt every `intervalMs` from 0, counted only when the window has room (as the sandbox does).
 * The run's requests go in order, each as soon as it is ready (GETs at 0, a PUT once its GET was answered)
 * and the window has room. Also how many of them could not be served when ready.
 * @param {{ gets: number, puts: number, prior: number, priorAt: number, intervalMs: number,
 *   latencyMs: number, limit?: number, windowMs?: number }} input times relative to the run's start
 * @returns {{ floorMs: number, waiting: number }}
 */
export function computeServiceFloor({
  gets,
  puts,
  prior,
  priorAt,
  intervalMs,
  latencyMs,
  limit = OMNI_LIMIT,
  windowMs = OMNI_WINDOW_MS,
}) {
  /** @type {number[]} counted requests, in time order */
  const counted = Array.from({ length: prior }, () => priorAt);
  const countAt = (/** @type {number} */ at) => counted.filter((t) => t > at - windowMs && t <= at).length;
  let nextOther = intervalMs > 0 ? intervalMs : Number.POSITIVE_INFINITY;
  /** The other client's attempts up to `at` (it goes first on a tie). */
  const playOtherUntil = (/** @type {number} */ at) => {
    for (; nextOther <= at; nextOther += intervalMs) {
      if (countAt(nextOther) < limit) counted.push(nextOther);
    }
  };
  /** @type {{ at: number, isGet: boolean }[]} */
  const ready = Array.from({ length: gets }, () => ({ at: 0, isGet: true }));
  let putsLeft = puts;
  let cursor = 0;
  let waiting = 0;
  let lastAnswer = 0;
  while (ready.length > 0) {
    ready.sort((a, b) => a.at - b.at);
    const next = /** @type {{ at: number, isGet: boolean }} */ (ready.shift());
    const readyAt = next.at;
    let at = Math.max(readyAt, cursor);
    for (;;) {
      playOtherUntil(at);
      const inWindow = counted.filter((t) => t > at - windowMs && t <= at).sort((a, b) => a - b);
      if (inWindow.length < limit) break;
      // The request that must leave the window before one more fits.
      at = (inWindow[inWindow.length - limit] ?? at) + windowMs;
    }
    if (at > readyAt) waiting += 1;
    counted.push(at);
    cursor = at;
    lastAnswer = Math.max(lastAnswer, at + latencyMs);
    // A GET answered: its PUT is ready.
    if (next.isGet && putsLeft > 0) {
      ready.push({ at: at + latencyMs, isGet: false });
      putsLeft -= 1;
    }
  }
  return { floorMs: lastAnswer, waiting };
}

/**
 * One run of `count` changed connections against a sandbox whose key another client uses.
 * @param {{ count: number, mode: 'apply' | 'dry-run', otherClient?: import('../../sandbox/server.js').OtherClient,
 *   faults?: { match: object, steps: object[] }[], latencyMs?: number }} scenario
 */
export async function measureSharedKeyRun({ count, mode, otherClient, faults = [], latencyMs = 5 }) {
  const core = await importCore();
  const fixture = generateChangedConnections(count);
  const sandbox = await startSandbox({
    port: 0,
    tokens: [TOKEN],
    seed: fixture.seed,
    requestsPerMinute: OMNI_LIMIT,
    rateWindowMs: OMNI_WINDOW_MS,
    latencyMs,
  });
  try {
    for (const { match, steps } of faults)
      sandbox.script(/** @type {any} */ (match), /** @type {any} */ (steps));
    /** @type {string[]} */
    const log = [];
    if (otherClient) sandbox.setOtherClient(otherClient);
    const wallStart = performance.now();
    const report = await core.executeRun({
      configPath: 'omni-dbt.yml',
      configText: fixture.configText,
      mode,
      omniUrl: sandbox.url,
      apiToken: TOKEN,
      allowCustomHost: false,
      selection: [],
      force: false,
      rotateKeys: false,
      failOnChanges: false,
      isUpdatingSecrets: false,
      stepEnv: {},
      redactor: core.createRedactor(),
      terms: core.terms,
      stop: new AbortController(),
      createClient: (/** @type {any} */ settings) =>
        core.createRunClient({
          ...settings,
          maxRequestsPerMinute: OMNI_LIMIT,
          onRetry: (line) => log.push(line),
        }),
    });
    const wallMs = performance.now() - wallStart;
    const statuses = report.connections.map((/** @type {{ status: string }} */ c) => c.status);
    const failed = statuses.filter((s) => s === 'failed' || s === 'skipped').length;
    const served = sandbox.requests.filter((r) => r.status >= 200 && r.status < 300);
    const floor = computeServiceFloor({
      gets: count,
      puts: mode === 'apply' ? count : 0,
      prior: otherClient?.requests ?? 0,
      priorAt: -(otherClient?.agoMs ?? 0),
      intervalMs: otherClient?.perMinute ? 60_000 / otherClient.perMinute : 0,
      latencyMs,
    });
    return {
      count,
      mode,
      otherClient: otherClient ?? null,
      wallMs,
      floorMs: floor.floorMs,
      waiting: floor.waiting,
      requests: sandbox.requests.length,
      served: served.length,
      rateLimited: sandbox.requests.filter((r) => r.status === 429).length,
      otherServerErrors: sandbox.requests.filter((r) => r.status >= 500).length,
      failed,
      waitLines: log.filter((line) => line.startsWith('Waiting')).length,
    };
  } finally {
    await sandbox.close();
  }
}
