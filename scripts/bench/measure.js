// The benchmark's measurements, each against the sandbox on loopback: apply under latency, apply under
// the rate limit (with peak memory), an apply of dbt environments under the rate limit, cold start, and
// the size of the bundle. Each returns plain figures.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../../sandbox/server.js';
import { PUSH_EVENT, REPO_ROOT, startBuiltAction } from '../runner.js';
import { generateChangedConnections, generateConnectionsWithEnvironments } from './fixtures.js';

const TOKEN = 'bench-token';

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The earliest moment a sliding window of `perMinute` starts per `windowMs` (+ `marginMs`, the pacer's
 * margin, when the bound is that of the run's own budget) lets `requests` requests start: request
 * k + perMinute cannot start before request k is a window old, whatever the client does.
 * @param {{ requests: number, perMinute: number, windowMs?: number, marginMs?: number }} input
 */
export function computeSlidingWindowBoundMs({ requests, perMinute, windowMs = 60_000, marginMs = 0 }) {
  return Math.floor(Math.max(0, requests - 1) / perMinute) * (windowMs + marginMs);
}

/** The compiled core (tsc into build/), so the in-process figures exclude node's startup. */
export async function importCore() {
  const load = (/** @type {string} */ file) =>
    import(pathToFileURL(path.join(REPO_ROOT, 'build/src/core', file)).href);
  const [run, runClient, client, pacer, terms, secrets] = await Promise.all([
    load('run/run.js'),
    load('omni/run-client.js'),
    load('omni/client.js'),
    load('omni/pacer.js'),
    load('terms.js'),
    load('secrets.js'),
  ]);
  return {
    terms: terms.ACTION_TERMS,
    windowMarginMs: pacer.DEFAULT_WINDOW_MARGIN_MS,
    executeRun: run.executeRun,
    createRedactor: secrets.createRedactor,
    createRunClient: runClient.createRunClient,
    createOmniClient: client.createOmniClient,
    createPacer: pacer.createPacer,
    sleepUnlessAborted: pacer.sleepUnlessAborted,
    runMaxConcurrency: runClient.RUN_MAX_CONCURRENCY,
    pacerDefaultConcurrency: pacer.DEFAULT_MAX_CONCURRENCY,
  };
}

/**
 * Apply of `count` changed connections at `latencyMs` per answer, in process.
 * @param {{ count: number, latencyMs: number, repeats: number }} options
 */
export async function measureLatencyApply({ count, latencyMs, repeats }) {
  const core = await importCore();
  const fixture = generateChangedConnections(count);
  const sandbox = await startSandbox({ port: 0, tokens: [TOKEN], seed: fixture.seed, latencyMs });
  /** @param {(settings: { apiBaseUrl: string, token: string, signal: AbortSignal }) => unknown} createClient */
  const applyOnce = async (createClient) => {
    sandbox.reset(fixture.seed);
    const startedAt = performance.now();
    const report = await core.executeRun({
      configPath: 'omni-dbt.yml',
      configText: fixture.configText,
      mode: 'apply',
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
      createClient,
    });
    const wallMs = performance.now() - startedAt;
    const applied = report.connections.filter(
      (/** @type {{status: string}} */ c) => c.status === 'applied',
    ).length;
    if (applied !== count) throw new Error(`latency bench: ${applied} of ${count} applied`);
    return wallMs;
  };
  try {
    // Production wiring, default settings (max-requests-per-minute 60: 40 requests fit in one window).
    /** @type {number[]} */
    const production = [];
    for (let i = 0; i < repeats; i += 1) {
      production.push(
        await applyOnce((settings) => core.createRunClient({ ...settings, maxRequestsPerMinute: 60 })),
      );
    }
    /** @param {number} maxConcurrency */
    const withConcurrency = (maxConcurrency) => (/** @type {any} */ settings) =>
      core.createOmniClient({
        ...settings,
        pacer: core.createPacer({
          maxRequestsPerMinute: 60,
          maxConcurrency,
          now: Date.now,
          sleep: core.sleepUnlessAborted,
          signal: settings.signal,
        }),
      });
    const oneAtATimeMs = await applyOnce(withConcurrency(1));
    // The same bound without the lone first request: what sending it alone costs.
    const fanOutAtOnceMs = median([
      await applyOnce(withConcurrency(core.runMaxConcurrency)),
      await applyOnce(withConcurrency(core.runMaxConcurrency)),
      await applyOnce(withConcurrency(core.runMaxConcurrency)),
    ]);
    const pacerDefaultMs = await applyOnce(withConcurrency(core.pacerDefaultConcurrency));
    return {
      count,
      latencyMs,
      runMaxConcurrency: core.runMaxConcurrency,
      idealMs: 2 * latencyMs,
      // The floor once the run's first request goes alone: GET 1, then the other GETs with PUT 1, then PUTs.
      threeRoundTripsMs: 3 * latencyMs,
      oneAtATimeIdealMs: 2 * count * latencyMs,
      wallMs: median(production),
      runsMs: production,
      oneAtATimeMs,
      fanOutAtOnceMs,
      pacerDefaultConcurrency: core.pacerDefaultConcurrency,
      pacerDefaultMs,
    };
  } finally {
    await sandbox.close();
  }
}

/**
 * The built action applying `count` changed connections with budget and server limit both `perMinute`;
 * the child reports its peak RSS.
 * @param {{ count: number, perMinute: number, latencyMs: number, actionEntry: string }} options
 */
export async function measureRateLimitedApply({ count, perMinute, latencyMs, actionEntry }) {
  const fixture = generateChangedConnections(count);
  const sandbox = await startSandbox({
    port: 0,
    tokens: [TOKEN],
    seed: fixture.seed,
    requestsPerMinute: perMinute,
    rateWindowMs: 60_000,
    latencyMs,
  });
  const scratch = await mkdtemp(path.join(tmpdir(), 'omni-bench-'));
  const rssFile = path.join(scratch, 'maxrss');
  try {
    const startedAt = performance.now();
    const { result } = await startBuiltAction({
      entry: path.join(REPO_ROOT, 'scripts/bench/measure-rss.js'),
      inputs: {
        'omni-url': sandbox.url,
        'api-token': TOKEN,
        config: 'omni-dbt.yml',
        mode: 'apply',
        comment: 'false',
        'max-requests-per-minute': String(perMinute),
      },
      files: { 'omni-dbt.yml': fixture.configText },
      event: PUSH_EVENT,
      env: { BENCH_ACTION_ENTRY: actionEntry, BENCH_RSS_FILE: rssFile },
    });
    const run = await result;
    const wallMs = performance.now() - startedAt;
    const { readFile } = await import('node:fs/promises');
    const maxRssKiB = Number(await readFile(rssFile, 'utf8'));
    const requests = sandbox.requests.length;
    const rateLimited = sandbox.requests.filter((r) => r.status === 429).length;
    const result400 = JSON.parse(run.outputs.result ?? '{"connections":[]}');
    const applied = result400.connections.filter(
      (/** @type {{status: string}} */ c) => c.status === 'applied',
    ).length;
    return {
      count,
      perMinute,
      latencyMs,
      exitCode: run.exitCode,
      requests,
      rateLimited,
      failed: Number(run.outputs.failed ?? Number.NaN),
      applied,
      wallMs,
      // A sliding one-minute window (Omni's "per minute", as the sandbox counts it): request k + budget
      // cannot start before request k is a minute old.
      slidingWindowBoundMs: computeSlidingWindowBoundMs({ requests: requests - rateLimited, perMinute }),
      maxRssKiB,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await sandbox.close();
  }
}

/**
 * The built action applying a fixture's file to a sandbox seeded with its state, budget and server limit both
 * `perMinute`; `inspect` reads the run, its wall time and the sandbox (its requests, what it holds) before the
 * sandbox closes. Shared by the dbt environments' and the schedules' benchmarks.
 * @template T
 * @param {{ configText: string, seed: object, env?: Record<string, string> }} fixture
 * @param {{ perMinute: number, latencyMs: number, actionEntry: string }} options
 * @param {(measured: { run: Awaited<ReturnType<typeof import('../runner.js').runBuiltAction>>, wallMs: number,
 *   sandbox: Awaited<ReturnType<typeof startSandbox>>, windowMarginMs: number,
 *   timeAgainstBounds: (requests: number) => Record<string, number> }) => T} inspect
 * @returns {Promise<T>}
 */
export async function applyAtRateLimit(fixture, { perMinute, latencyMs, actionEntry }, inspect) {
  const { windowMarginMs } = await importCore();
  const sandbox = await startSandbox({
    port: 0,
    tokens: [TOKEN],
    seed: fixture.seed,
    requestsPerMinute: perMinute,
    rateWindowMs: 60_000,
    latencyMs,
  });
  try {
    const startedAt = performance.now();
    const { result } = await startBuiltAction({
      entry: actionEntry,
      inputs: {
        'omni-url': sandbox.url,
        'api-token': TOKEN,
        config: 'omni-dbt.yml',
        mode: 'apply',
        comment: 'false',
        'max-requests-per-minute': String(perMinute),
      },
      files: { 'omni-dbt.yml': fixture.configText },
      event: PUSH_EVENT,
      ...(fixture.env === undefined ? {} : { env: fixture.env }),
    });
    const run = await result;
    const wallMs = performance.now() - startedAt;
    /** The wall time beside the bounds of `requests`: the run's own budget's (window + margin), and the bare window's. */
    const timeAgainstBounds = (/** @type {number} */ requests) => ({
      wallMs,
      windowMarginMs,
      slidingWindowBoundMs: computeSlidingWindowBoundMs({ requests, perMinute, marginMs: windowMarginMs }),
      slidingWindowBoundWithoutMarginMs: computeSlidingWindowBoundMs({ requests, perMinute }),
    });
    return inspect({ run, wallMs, sandbox, windowMarginMs, timeAgainstBounds });
  } finally {
    await sandbox.close();
  }
}

/**
 * The built action applying `count` connections whose settings match and one of two dbt environments
 * differs (fixtures.js), budget and server limit both `perMinute`; the default environment's secret comes
 * from the step's environment and must appear in no output. The requests are sorted into the run's
 * minimum (a settings read, an environment list and a write per connection that changes) and the
 * read-backs after writing (a second list per connection that wrote).
 * @param {{ count: number, perMinute: number, latencyMs: number, actionEntry: string }} options
 */
export async function measureEnvironmentsApply({ count, perMinute, latencyMs, actionEntry }) {
  const fixture = generateConnectionsWithEnvironments(count);
  return applyAtRateLimit(
    fixture,
    { perMinute, latencyMs, actionEntry },
    ({ run, sandbox, timeAgainstBounds }) => {
      const served = sandbox.requests.filter((r) => r.status !== 429);
      const rateLimited = sandbox.requests.length - served.length;
      const settingsReads = served.filter((r) => r.route === 'dbt' && r.method === 'GET').length;
      const settingsWrites = served.filter((r) => r.route === 'dbt' && r.method !== 'GET').length;
      const environmentWrites = served.filter((r) => r.route === 'environments' && r.method !== 'GET');
      /** @type {Map<string, number>} environment lists per connection */
      const listsByConnection = new Map();
      for (const r of served) {
        if (r.route !== 'environments' || r.method !== 'GET') continue;
        const key = r.connectionId ?? '';
        listsByConnection.set(key, (listsByConnection.get(key) ?? 0) + 1);
      }
      const firstLists = listsByConnection.size;
      const readBacks = [...listsByConnection.values()].reduce((sum, lists) => sum + lists - 1, 0);
      const writingConnections = new Set(environmentWrites.map((r) => r.connectionId)).size;
      const outcome = JSON.parse(run.outputs.result ?? '{"connections":[]}');
      /** @type {{ status: string }[]} */
      const connections = outcome.connections;
      // What Omni holds afterwards: every changed environment as the file says.
      const environmentsAsInFile = fixture.ids.filter((id, i) =>
        sandbox
          .getEnvironments(id)
          .some(
            (/** @type {{ name: string, targetSchema: string }} */ e) =>
              e.name === 'Analytics CI' && e.targetSchema === `ci_c${i + 1}`,
          ),
      ).length;
      const secret = Object.values(fixture.env)[0] ?? '';
      // `::add-mask::` is the one place a secret may go: it tells the runner to mask it.
      const visible = [
        run.stdout.replace(/^::add-mask::.*$/gm, ''),
        run.stderr,
        run.summary,
        ...Object.values(run.outputs),
      ].join('\n');
      return {
        count,
        perMinute,
        latencyMs,
        exitCode: run.exitCode,
        requests: served.length,
        rateLimited,
        // The least any run needs: one settings read and one environment list per connection, one write per change.
        minimumRequests: count + count + count,
        settingsReads,
        settingsWrites,
        environmentLists: firstLists,
        environmentWrites: environmentWrites.length,
        readBacks,
        writingConnections,
        failed: Number(run.outputs.failed ?? Number.NaN),
        applied: connections.filter((c) => c.status === 'applied').length,
        environmentsAsInFile,
        isSecretShown: secret !== '' && visible.includes(secret),
        ...timeAgainstBounds(served.length),
      };
    },
  );
}

/**
 * `node <action>` validating a `count`-connection file (dry-run, no token) vs node running an empty
 * script, both through the same runner harness with the same `env` added to a runner's variables,
 * interleaved; medians of `repeats` each.
 * @param {{ count: number, repeats: number, actionEntry: string, env?: Record<string, string> }} options
 */
export async function measureColdStart({ count, repeats, actionEntry, env }) {
  const fixture = generateChangedConnections(count);
  const scratch = await mkdtemp(path.join(tmpdir(), 'omni-bench-'));
  const emptyScript = path.join(scratch, 'empty.mjs');
  await writeFile(emptyScript, '');
  /** @param {string} entry */
  const timeOnce = async (entry) => {
    const startedAt = performance.now();
    const { result } = await startBuiltAction({
      entry,
      inputs: { config: 'omni-dbt.yml', mode: 'dry-run', comment: 'false' },
      files: { 'omni-dbt.yml': fixture.configText },
      event: PUSH_EVENT,
      ...(env === undefined ? {} : { env }),
    });
    const run = await result;
    if (run.exitCode !== 0) throw new Error(`cold start: exit ${run.exitCode}\n${run.stdout}${run.stderr}`);
    return performance.now() - startedAt;
  };
  try {
    // One warm-up each, so the file cache is equally warm for both.
    await timeOnce(emptyScript);
    await timeOnce(actionEntry);
    /** @type {number[]} */
    const nodeOnly = [];
    /** @type {number[]} */
    const action = [];
    for (let i = 0; i < repeats; i += 1) {
      nodeOnly.push(await timeOnce(emptyScript));
      action.push(await timeOnce(actionEntry));
    }
    return {
      count,
      repeats,
      // To 0.1 ms, as docs/benchmarks.json keeps them, so the rows and the notes quote the same ratio.
      nodeMs: Math.round(median(nodeOnly) * 10) / 10,
      actionMs: Math.round(median(action) * 10) / 10,
      nodeRunsMs: nodeOnly,
      actionRunsMs: action,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The chunks each `import()` of a bundle loads, named by what the imported module exports (ncc's chunk files
 * are numbered by module id, which changes with the code: docs name the exports, never the numbers).
 * @param {string} distDir @param {string} entry e.g. `index.js`
 * @param {{ file: string, bytes: number }[]} files
 */
async function listLazyImports(distDir, entry, files) {
  const entryText = await readFile(path.join(distDir, entry), 'utf8');
  const entryDir = path.dirname(entry);
  /** @type {Map<string, string>} */
  const chunkTexts = new Map();
  for (const { file } of files) {
    if (path.dirname(file) === entryDir && /^\d+\.index\.js$/.test(path.basename(file))) {
      chunkTexts.set(file, await readFile(path.join(distDir, file), 'utf8'));
    }
  }
  const bytesOf = (/** @type {string} */ file) => files.find((f) => f.file === file)?.bytes ?? 0;
  // `Promise.all(/* import() */[__nccwpck_require__.e(413), …]).then(__nccwpck_require__.bind(…, 2873))`,
  // or one chunk: `__nccwpck_require__.e(/* import() */ 873).then(…)`.
  const importPattern =
    /\/\* import\(\) \*\/\s*(\[[^\]]*\]|\d+)\)?\)?\.then\(__nccwpck_require__\.bind\(__nccwpck_require__, (\d+)\)\)/g;
  const lazyImports = [];
  /** @type {Set<string>} */
  const seenModules = new Set();
  for (const [, chunkList = '', moduleId = ''] of entryText.matchAll(importPattern)) {
    // A module imported from several places is one lazy import.
    if (seenModules.has(moduleId)) continue;
    seenModules.add(moduleId);
    const chunkFiles = [...chunkList.matchAll(/\d+/g)].map(([id]) =>
      path.posix.join(entryDir, `${id}.index.js`),
    );
    const definer = [...chunkTexts].find(([, text]) => text.includes(`\n/***/ ${moduleId}:`));
    // The module's export list opens its body: `name: () => (/* binding */ name)`, after `/* harmony
    // export */` or, for modules webpack concatenated, after `// EXPORTS`. The export itself may be mangled
    // (`q: () => (/* binding */ createRunStop)`): the binding is the name in the source.
    const moduleBody = definer?.[1].split(`\n/***/ ${moduleId}:`)[1] ?? '';
    const exportsBlock = moduleBody.slice(0, moduleBody.indexOf('});') + 1);
    const exportNames = [...exportsBlock.matchAll(/[\w$]+: \(\) => \(\/\* binding \*\/ ([\w$]+)\)/g)].map(
      ([, name]) => name,
    );
    // Named by what the entry takes from it (`const { runPreview } = await import(…)`), else by all it exports.
    const taken = exportNames.filter((name) =>
      new RegExp(`[{,]\\s*${name.replace(/\$/g, '\\$')}\\s*[},]`).test(entryText),
    );
    lazyImports.push({
      exports: taken.length > 0 ? taken : exportNames,
      files: chunkFiles.map((file) => path.normalize(file)),
      bytes: chunkFiles.reduce((sum, file) => sum + bytesOf(path.normalize(file)), 0),
    });
  }
  return lazyImports;
}

/** @param {string} distDir */
export async function measureDistSize(distDir) {
  /** @type {{ file: string, bytes: number }[]} */
  const files = [];
  /** @param {string} dir */
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.push({ file: path.relative(distDir, full), bytes: (await stat(full)).size });
    }
  };
  await walk(distDir);
  files.sort((a, b) => a.file.localeCompare(b.file));
  const entries = [];
  for (const entry of ['index.js', 'cli/index.js']) {
    const bytes = files.find((f) => f.file === entry)?.bytes;
    if (bytes !== undefined)
      entries.push({ file: entry, bytes, lazyImports: await listLazyImports(distDir, entry, files) });
  }
  return { files, entries, totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}
