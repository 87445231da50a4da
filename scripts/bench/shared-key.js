// The benchmark's 429 scenarios, in process with the production wiring (createRunClient): another client
// of the same key (sandbox `otherClient`), and stray 429s and 5xx. Each run's wall time is set against the
// earliest time Omni's sliding window could have served every request of the run (computeServiceFloor).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../../sandbox/server.js';
import { REPO_ROOT } from '../runner.js';
import { generateChangedConnections } from './fixtures.js';

const TOKEN = 'bench-token';
const OMNI_LIMIT = 60;
const OMNI_WINDOW_MS = 60_000;

/**
 * The earliest moment every request of a run could be answered, given Omni's sliding window (a request
 * at t counts while it is under `windowMs` old) and the other client's requests it counted. GETs are
 * ready at 0; each PUT once its GET was answered. Also how many requests could not be served when ready.
 * @param {{ gets: number, puts: number, otherTimes: number[], latencyMs: number, limit?: number, windowMs?: number }} input
 *   times relative to the run's start
 * @returns {{ floorMs: number, waiting: number }}
 */
export function computeServiceFloor({
  gets,
  puts,
  otherTimes,
  latencyMs,
  limit = OMNI_LIMIT,
  windowMs = OMNI_WINDOW_MS,
}) {
  /** @type {number[]} */
  const occupied = [...otherTimes];
  let waiting = 0;
  /** @param {number} ready */
  const schedule = (ready) => {
    let at = ready;
    for (;;) {
      const inWindow = occupied.filter((t) => t <= at && t > at - windowMs).sort((a, b) => a - b);
      if (inWindow.length < limit) break;
      // The oldest request in the window leaves it at its time + window.
      at = (inWindow[inWindow.length - limit] ?? at) + windowMs;
    }
    if (at > ready) waiting += 1;
    occupied.push(at);
    return at;
  };
  const getAnswers = Array.from({ length: gets }, () => schedule(0) + latencyMs);
  const putAnswers = getAnswers
    .slice(0, puts)
    .sort((a, b) => a - b)
    .map((ready) => schedule(ready) + latencyMs);
  return { floorMs: Math.max(0, ...getAnswers, ...putAnswers), waiting };
}

async function importCore() {
  const load = (/** @type {string} */ file) =>
    import(pathToFileURL(path.join(REPO_ROOT, 'build/src', file)).href);
  const [run, runClient] = await Promise.all([load('run.js'), load('omni/run-client.js')]);
  return { executeRun: run.executeRun, createRunClient: runClient.createRunClient };
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
    const startedAt = Date.now();
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
      otherTimes: sandbox.otherClientRequests.map((t) => t - startedAt),
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
