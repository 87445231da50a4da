// The benchmark of the dbt exposures (README, "dbt exposures"): the built action in `mode: exposures` reading
// a model of `count` dashboards at Omni's page size (100) under the rate limit, writing the file, with its
// peak memory; its peak again on a run that changes that file; then, in process, what building and writing
// the file costs by itself.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { startSandbox } from '../../sandbox/server.js';
import { PUSH_EVENT, REPO_ROOT, startBuiltAction } from '../runner.js';
import { EXPOSURES_MODEL_ID, generateDashboards, generateExposuresConfig } from './fixtures.js';
import { computeSlidingWindowBoundMs, importCore, median } from './measure.js';

const TOKEN = 'bench-token';
const FILE = 'models/omni_exposures/omni_exposures.yml';

/**
 * @param {{ count: number, perMinute: number, pageSize: number, latencyMs: number, repeats: number,
 *   actionEntry: string }} options
 */
export async function measureExposures({ count, perMinute, pageSize, latencyMs, repeats, actionEntry }) {
  const { windowMarginMs } = await importCore();
  const dashboards = generateDashboards(count);
  const expectedWritten = dashboards.filter((dashboard) => dashboard.dbtModels.length > 0).length;
  const sandbox = await startSandbox({
    port: 0,
    tokens: [TOKEN],
    requestsPerMinute: perMinute,
    rateWindowMs: 60_000,
    latencyMs,
    exposurePageSize: pageSize,
  });
  sandbox.setDocuments(dashboards);
  const workspace = await mkdtemp(path.join(tmpdir(), 'omni-bench-exposures-'));
  const rssFile = path.join(workspace, '.maxrss');
  try {
    await writeFile(path.join(workspace, 'omni-dbt.yml'), generateExposuresConfig({ path: FILE }));
    const startedAt = performance.now();
    const { run, maxRssKiB } = await runExposuresAction({
      sandbox,
      workspace,
      perMinute,
      actionEntry,
      rssFile,
    });
    const wallMs = performance.now() - startedAt;
    if (run.exitCode !== 0) throw new Error(`exposures: exit ${run.exitCode}\n${run.stdout}${run.stderr}`);
    const text = await readFile(path.join(workspace, FILE), 'utf8');
    const written = (parse(text).exposures ?? []).length;
    const served = sandbox.requests.filter((request) => request.status !== 429);
    const pages = served.filter(
      (request) => request.route === 'dbt-exposures' && request.status === 200,
    ).length;
    const rateLimited = sandbox.requests.length - served.length;
    // The rest needs no waiting for the window: the same sandbox (the same dashboard URLs), without its limit.
    sandbox.setRateLimit(100_000, 60_000);
    const inProcess = await measureBuildAndWrite({ sandbox, repeats, workspace, actionEntry });
    return {
      count,
      perMinute,
      pageSize,
      latencyMs,
      exitCode: run.exitCode,
      requests: served.length,
      pages,
      rateLimited,
      written,
      expectedWritten,
      withoutDbtModels: count - expectedWritten,
      exposuresChanged: run.outputs['exposures-changed'],
      fileBytes: (await stat(path.join(workspace, FILE))).size,
      wallMs,
      windowMarginMs,
      // The run's own budget spaces starts a window plus the pacer's margin apart.
      slidingWindowBoundMs: computeSlidingWindowBoundMs({
        requests: served.length,
        perMinute,
        marginMs: windowMarginMs,
      }),
      maxRssKiB,
      ...inProcess,
    };
  } finally {
    await rm(workspace, { recursive: true, force: true });
    await sandbox.close();
  }
}

/**
 * The built action in `mode: exposures` on `workspace`, through measure-rss.js, which reports its peak RSS.
 * @param {{ sandbox: { url: string }, workspace: string, perMinute: number, actionEntry: string,
 *   rssFile: string }} options
 */
async function runExposuresAction({ sandbox, workspace, perMinute, actionEntry, rssFile }) {
  const { result } = await startBuiltAction({
    entry: path.join(REPO_ROOT, 'scripts/bench/measure-rss.js'),
    workspace,
    inputs: {
      'omni-url': sandbox.url,
      'api-token': TOKEN,
      config: 'omni-dbt.yml',
      mode: 'exposures',
      'max-requests-per-minute': String(perMinute),
    },
    event: PUSH_EVENT,
    env: { BENCH_ACTION_ENTRY: actionEntry, BENCH_RSS_FILE: rssFile },
  });
  const run = await result;
  return { run, maxRssKiB: Number(await readFile(rssFile, 'utf8')) };
}

/**
 * Against the sandbox of the run, its rate limit lifted: the built action again on `workspace`, whose file
 * now differs from Omni's by one title (so the old file is read back and compared by exposure), for its
 * peak memory; then the compiled core (build/) building the file from the model's records and writing it
 * into a fresh workspace, `repeats` times each (medians).
 * @param {{ sandbox: Awaited<ReturnType<typeof startSandbox>>, repeats: number, workspace: string,
 *   actionEntry: string }} options
 */
async function measureBuildAndWrite({ sandbox, repeats, workspace, actionEntry }) {
  const load = (/** @type {string} */ file) =>
    import(pathToFileURL(path.join(REPO_ROOT, 'build/src/core', file)).href);
  const [client, pacer, plan, files] = await Promise.all([
    load('omni/client.js'),
    load('omni/pacer.js'),
    load('plan/exposures.js'),
    load('exposures-file.js'),
  ]);
  const file = path.join(workspace, FILE);
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace('label: Dashboard 1\n', 'label: Dashboard one\n'),
  );
  const { run, maxRssKiB } = await runExposuresAction({
    sandbox,
    workspace,
    perMinute: 6000,
    actionEntry,
    rssFile: path.join(workspace, '.maxrss-rerun'),
  });
  if (run.exitCode !== 0 || run.outputs.changed !== '1') {
    throw new Error(`exposures re-run: exit ${run.exitCode}, changed ${run.outputs.changed}\n${run.stderr}`);
  }
  const rerun = { changed: Number(run.outputs.changed), maxRssKiB };

  const omni = client.createOmniClient({
    apiBaseUrl: `${sandbox.url}/api`,
    token: TOKEN,
    pacer: pacer.createPacer({ maxRequestsPerMinute: 6000, now: Date.now, sleep: pacer.sleepUnlessAborted }),
  });
  const records = (await omni.listExposures(EXPOSURES_MODEL_ID)).map((/** @type {unknown} */ record) => ({
    modelId: EXPOSURES_MODEL_ID,
    record,
  }));
  /** @type {number[]} */
  const buildRunsMs = [];
  /** @type {number[]} */
  const writeRunsMs = [];
  for (let i = 0; i < repeats; i += 1) {
    const startedAt = performance.now();
    const built = plan.buildExposuresFile({ records });
    buildRunsMs.push(performance.now() - startedAt);
    const workspace = await mkdtemp(path.join(tmpdir(), 'omni-bench-exposures-write-'));
    try {
      const writeStartedAt = performance.now();
      await files.createWorkspaceExposuresFiles(workspace).write(FILE, built.text);
      writeRunsMs.push(performance.now() - writeStartedAt);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }
  return {
    buildMs: median(buildRunsMs),
    writeMs: median(writeRunsMs),
    buildRunsMs,
    writeRunsMs,
    rerunChanged: rerun.changed,
    rerunMaxRssKiB: rerun.maxRssKiB,
  };
}
