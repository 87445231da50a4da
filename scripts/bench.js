// `npm run bench`: the action's speed, rate-limit behaviour, cold start, memory and bundle size against the
// loopback sandbox, each figure printed beside its goal, and written to docs/benchmarks.{json,md} and README.md's
// Performance block.
// BENCH_DIST=<dir> measures another bundle (default dist/); BENCH_ONLY=latency,rate,env,schedules,shared,impact,validator,
// cold,size,exposures runs a part (the docs are written only by a full run, or with BENCH_MERGE=1, which puts the parts run into the
// docs in place of their earlier figures and rows). Needs the compiled core in build/ (`npm run bench` builds it).
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { measureExposures } from './bench/exposures.js';
import { makeConnectionId } from './bench/fixtures.js';
import { measureContentValidation, measureImpactCheck } from './bench/impact.js';
import {
  measureColdStart,
  measureDistSize,
  measureEnvironmentsApply,
  measureLatencyApply,
  measureRateLimitedApply,
} from './bench/measure.js';
import { measureSchedulesApply } from './bench/schedules.js';
import { measureSharedKeyRun } from './bench/shared-key.js';
import { updateReadme } from './readme-tables.js';
import { REPO_ROOT } from './runner.js';

const distDir = path.resolve(process.env.BENCH_DIST ?? path.join(REPO_ROOT, 'dist'));
const actionEntry = path.join(distDir, 'index.js');
const ALL_PARTS = [
  'latency',
  'rate',
  'env',
  'schedules',
  'shared',
  'impact',
  'validator',
  'cold',
  'size',
  'exposures',
];
/** The key of docs/benchmarks.json that holds each part's figures. */
const FIGURES_OF_PART = {
  latency: 'latency',
  rate: 'rate',
  env: 'environments',
  schedules: 'schedules',
  shared: 'sharedKey',
  impact: 'impact',
  validator: 'contentValidator',
  cold: 'coldStart',
  size: 'distSize',
  exposures: 'exposures',
};
const parts = new Set((process.env.BENCH_ONLY ?? ALL_PARTS.join(',')).split(',').map((s) => s.trim()));
const isFullRun = ALL_PARTS.every((part) => parts.has(part));
const isMerging = !isFullRun && process.env.BENCH_MERGE === '1';

/** @typedef {{ figure: string, value: string, goal: string, isMet: boolean | null, part?: string }} Row */
/** @type {Row[]} */
const rows = [];
/** Adds rows of `part`, tagged with it, so that a merge can replace them. @param {string} part @param {Row[]} added */
const addRows = (part, ...added) => rows.push(...added.map((row) => ({ ...row, part })));
/**
 * Figures measured by hand, not by this script, that the notes quote; written into docs/benchmarks.json with
 * the rest, so that every figure the docs quote is in that file (__tests__/unit/repository/figures.test.ts).
 */
const RECORDED = {
  source:
    'measured or derived by hand, not by npm run bench: the probe schedule (src/core/omni/pacer.ts), the schedule it replaced, the cold start of the bundle before the client and the modes were loaded on demand, measured from a shell on this machine (node -e 0 against node dist/index.js, 21 runs interleaved, medians), a CPU profile of a validation, single-purpose bundles and a minified one (ncc -m) run the same way',
  probeSchedule: { findsRoomFactor: 1.28, findsRoomOffsetMs: 1100 },
  replacedProbeSchedule: { growth: 1.4, scenarioAFloorRatioMin: 1.05, scenarioAFloorRatioMax: 1.48 },
  coldStart: {
    goal: 2.5,
    shellNodeMs: 49,
    shellBeforeMs: 160,
    shellBeforeRatio: 3.27,
    caCertificatesMs: 31,
    actionsCoreMs: 40,
    loadConfigAloneRatio: 4.1,
    profiledEntryMB: 0.9,
    compileMs: 11,
    evaluateMs: 24,
    loadConfigMs: 27,
    garbageCollectionMs: 18,
    minifiedSavesMs: 7,
  },
};

/** @type {Record<string, any>} */
const figures = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  date: new Date().toISOString().slice(0, 10),
  dist: path.relative(REPO_ROOT, distDir) || '.',
};

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (/** @type {number} */ value) => `${value.toFixed(2)}×`;
const ms = (/** @type {number} */ value) => `${Math.round(value)} ms`;

if (parts.has('latency')) {
  process.stderr.write('latency: apply of 20 changed connections at 250 ms per answer…\n');
  const latency = await measureLatencyApply({ count: 20, latencyMs: 250, repeats: 5 });
  figures.latency = latency;
  const vsIdeal = latency.wallMs / latency.idealMs;
  addRows(
    'latency',
    {
      figure: `Apply, 20 changed connections, 250 ms latency (in process, median of ${latency.runsMs.length})`,
      value: `${seconds(latency.wallMs)} = ${ratio(vsIdeal)} the ideal ${seconds(latency.idealMs)} (two round trips: GET + PUT)`,
      goal: 'reference',
      isMet: null,
    },
    {
      figure: "Same, against three round trips (the floor once the run's first request goes alone)",
      value: `${seconds(latency.wallMs)} = ${ratio(latency.wallMs / latency.threeRoundTripsMs)} three round trips ${seconds(latency.threeRoundTripsMs)}`,
      goal: '≤ 1.1× three round trips',
      isMet: latency.wallMs / latency.threeRoundTripsMs <= 1.1,
    },
    {
      figure: `Same, all ${latency.runMaxConcurrency} at once without the lone first request (median of 3)`,
      value: `${seconds(latency.fanOutAtOnceMs)} = ${ratio(latency.fanOutAtOnceMs / latency.idealMs)} the ideal: the lone first request costs ${seconds(latency.wallMs - latency.fanOutAtOnceMs)}`,
      goal: 'reference',
      isMet: null,
    },
    {
      figure: `Same, at most ${latency.pacerDefaultConcurrency} in flight (the pacer's default)`,
      value: `${seconds(latency.pacerDefaultMs)} = ${ratio(latency.pacerDefaultMs / latency.idealMs)} the ideal`,
      goal: 'reference',
      isMet: null,
    },
    {
      figure: 'Same, one request at a time (maxConcurrency 1)',
      value: `${seconds(latency.oneAtATimeMs)} (40 × 250 ms = ${seconds(latency.oneAtATimeIdealMs)}); pooled is ${ratio(latency.oneAtATimeMs / latency.wallMs)} faster`,
      goal: 'reference',
      isMet: null,
    },
  );
}

if (parts.has('rate')) {
  process.stderr.write(
    'rate: built action applying 400 changed connections, budget and Omni limit 600/min (about a minute)…\n',
  );
  const rate = await measureRateLimitedApply({ count: 400, perMinute: 600, latencyMs: 20, actionEntry });
  figures.rate = rate;
  const vsSliding = rate.wallMs / rate.slidingWindowBoundMs;
  addRows(
    'rate',
    {
      figure: `Apply, 400 connections, budget = Omni limit = 600/min (built action, ${rate.requests} requests)`,
      value: `${seconds(rate.wallMs)} = ${ratio(vsSliding)} the sliding-window bound ${seconds(rate.slidingWindowBoundMs)}`,
      goal: '≤ 1.1× bound',
      isMet: vsSliding <= 1.1,
    },
    {
      figure: '429s seen by Omni / failed connections',
      value: `${rate.rateLimited} / ${rate.failed} (${rate.applied} applied, exit ${rate.exitCode})`,
      goal: '0 failures',
      isMet: rate.failed === 0 && rate.applied === rate.count,
    },
    {
      figure: 'Peak memory of that run (maxRSS of the action process)',
      value: `${(rate.maxRssKiB / 1024).toFixed(1)} MiB`,
      goal: 'reference',
      isMet: null,
    },
  );
}

if (parts.has('env')) {
  process.stderr.write(
    'environments: built action applying 200 connections with 2 dbt environments each, one changed, at 600/min (about a minute)…\n',
  );
  const env = await measureEnvironmentsApply({ count: 200, perMinute: 600, latencyMs: 20, actionEntry });
  figures.environments = env;
  const vsBound = env.wallMs / env.slidingWindowBoundMs;
  const isMinimum =
    env.settingsReads === env.count &&
    env.settingsWrites === 0 &&
    env.environmentLists === env.count &&
    env.environmentWrites === env.count;
  addRows(
    'env',
    {
      figure: `Apply, 200 connections with 2 dbt environments each, one changed per connection, budget = Omni limit = 600/min (built action, ${env.requests} requests)`,
      value: `${seconds(env.wallMs)} = ${ratio(vsBound)} the sliding-window bound ${seconds(env.slidingWindowBoundMs)} (60 s window + the pacer's ${seconds(env.windowMarginMs)} margin; ${ratio(env.wallMs / env.slidingWindowBoundWithoutMarginMs)} the bare ${seconds(env.slidingWindowBoundWithoutMarginMs)})`,
      goal: '≤ 1.1× bound',
      isMet: vsBound <= 1.1,
    },
    {
      figure:
        'Its requests against the minimum (a settings read and an environment list per connection, a write per change)',
      value: `${env.requests} requests = minimum ${env.settingsReads + env.settingsWrites + env.environmentLists + env.environmentWrites} (${env.settingsReads} settings reads + ${env.environmentLists} environment lists + ${env.environmentWrites} environment writes${env.settingsWrites > 0 ? ` + ${env.settingsWrites} settings writes` : ''}) + read-backs ${env.readBacks} (a list per connection that wrote: ${env.writingConnections})`,
      goal: 'minimum + one read-back per writing connection',
      isMet: isMinimum && env.readBacks === env.writingConnections,
    },
    {
      figure: '429s seen by Omni / failed connections / secret in any output',
      value: `${env.rateLimited} / ${env.failed} (${env.applied} applied, ${env.environmentsAsInFile} changed environments as in the file afterwards, exit ${env.exitCode}) / ${env.isSecretShown ? 'SHOWN' : 'never'}`,
      goal: '0 failures, secret never shown',
      isMet:
        env.failed === 0 &&
        env.applied === env.count &&
        env.environmentsAsInFile === env.count &&
        env.exitCode === 0 &&
        !env.isSecretShown,
    },
  );
}

if (parts.has('schedules')) {
  process.stderr.write(
    'schedules: built action applying 200 connections with 2 schema refresh schedules each, one changed, at 600/min (about a minute and a half)…\n',
  );
  const sched = await measureSchedulesApply({ count: 200, perMinute: 600, latencyMs: 20, actionEntry });
  figures.schedules = sched;
  const vsBound = sched.wallMs / sched.slidingWindowBoundMs;
  const isMinimum =
    sched.settingsReads === sched.count &&
    sched.settingsWrites === 0 &&
    sched.creates === sched.count &&
    sched.deletes === sched.count &&
    sched.updates === 0 &&
    sched.lists === 2 * sched.count;
  addRows(
    'schedules',
    {
      figure: `Apply, 200 connections with 2 schema refresh schedules each, one changed per connection, budget = Omni limit = 600/min (built action, ${sched.requests} requests)`,
      value: `${seconds(sched.wallMs)} = ${ratio(vsBound)} the sliding-window bound ${seconds(sched.slidingWindowBoundMs)} (60 s windows + the pacer's ${seconds(sched.windowMarginMs)} margin; ${ratio(sched.wallMs / sched.slidingWindowBoundWithoutMarginMs)} the bare ${seconds(sched.slidingWindowBoundWithoutMarginMs)})`,
      goal: '≤ 1.1× bound',
      isMet: vsBound <= 1.1,
    },
    {
      figure:
        'Its requests against the minimum (a settings read and a schedule list per connection, a create and a delete per change)',
      value: `${sched.requests} requests = minimum ${sched.minimumRequests} (${sched.settingsReads} settings reads + ${sched.count} schedule lists + ${sched.creates} creates + ${sched.deletes} deletes${sched.updates > 0 ? ` + ${sched.updates} updates` : ''}) + read-backs ${sched.lists - sched.count}`,
      goal: 'minimum + one read-back per connection',
      isMet: isMinimum && sched.requests === sched.minimumRequests + sched.count,
    },
    {
      figure: '429s seen by Omni / failed connections / token in any output',
      value: `${sched.rateLimited} / ${sched.failed} (${sched.applied} applied, ${sched.schedulesAsInFile} connections' schedules as in the file afterwards, exit ${sched.exitCode}) / ${sched.isTokenShown ? 'SHOWN' : 'never'}`,
      goal: '0 failures, token never shown',
      isMet:
        sched.failed === 0 &&
        sched.applied === sched.count &&
        sched.schedulesAsInFile === sched.count &&
        sched.exitCode === 0 &&
        !sched.isTokenShown,
    },
  );
}

if (parts.has('shared')) {
  /** @type {{ key: string, label: string, scenario: Parameters<typeof measureSharedKeyRun>[0] }[]} */
  const scenarios = [
    {
      key: 'a',
      label: '(a) 55 of 60 used 50 s before a 10-connection plan',
      scenario: { count: 10, mode: 'dry-run', otherClient: { requests: 55, agoMs: 50_000 } },
    },
    {
      key: 'b',
      label: '(b) 60 of 60 used 30 s before a 30-connection apply',
      scenario: { count: 30, mode: 'apply', otherClient: { requests: 60, agoMs: 30_000 } },
    },
    {
      key: 'c',
      label: '(c) another client at 20/min (20 made 50 s before) during a 100-connection plan',
      scenario: { count: 100, mode: 'dry-run', otherClient: { requests: 20, agoMs: 50_000, perMinute: 20 } },
    },
  ];
  /** @type {Record<string, unknown>} */
  const shared = {};
  for (const { key, label, scenario } of scenarios) {
    process.stderr.write(`shared key: ${label}…\n`);
    const result = await measureSharedKeyRun(scenario);
    shared[key] = result;
    const vsFloor = result.wallMs / result.floorMs;
    addRows('shared', {
      figure: `Shared key ${label} (${result.requests - result.rateLimited} requests served)`,
      value: `${seconds(result.wallMs)} = ${ratio(vsFloor)} the floor ${seconds(result.floorMs)}; ${result.rateLimited} × 429 for ${result.waiting} requests that had to wait; ${result.failed} failed`,
      goal: '≤ 1.3× floor, 0 failed, 429s ≤ waiting',
      isMet: vsFloor <= 1.3 && result.failed === 0 && result.rateLimited <= result.waiting,
    });
  }
  process.stderr.write('stray faults: 6-connection apply meeting two 429s and three 5xx…\n');
  const stray = await measureSharedKeyRun({
    count: 6,
    mode: 'apply',
    faults: [
      { match: { method: 'GET', connectionId: makeConnectionId(1) }, steps: [{ status: 429 }] },
      { match: { method: 'PUT', connectionId: makeConnectionId(4) }, steps: [{ status: 429 }] },
      { match: { method: 'GET', connectionId: makeConnectionId(2) }, steps: [{ status: 503 }] },
      { match: { method: 'PUT', connectionId: makeConnectionId(3) }, steps: [{ status: 502 }] },
      { match: { method: 'PUT', connectionId: makeConnectionId(5) }, steps: [{ status: 500 }] },
    ],
  });
  shared.stray = stray;
  addRows('shared', {
    figure: 'Stray faults: 6-connection apply, two 429s without Retry-After and three 5xx',
    value: `${seconds(stray.wallMs)}; ${stray.rateLimited} × 429, ${stray.otherServerErrors} × 5xx, ${stray.failed} failed`,
    goal: '≤ 5 s, 0 failed',
    isMet: stray.wallMs <= 5_000 && stray.failed === 0,
  });
  figures.sharedKey = shared;
}

if (parts.has('impact')) {
  process.stderr.write(
    'impact: built action checking pull request #12, a 60 s refresh job, at 60/min (about a minute)…\n',
  );
  const impact = await measureImpactCheck({ refreshMs: 60_000, perMinute: 60, latencyMs: 20, actionEntry });
  figures.impact = impact;
  const vsFloor = impact.wallMs / impact.floorMs;
  addRows(
    'impact',
    {
      figure: `Impact check of pull request #12 (built action, mode: preview, a ${seconds(impact.refreshMs)} refresh job, ${impact.perMinute}/min)`,
      value: `${seconds(impact.wallMs)} = ${ratio(vsFloor)} the floor ${seconds(impact.floorMs)} (the job's own time + the budget's bound for the other ${impact.minimumRequests - 1} requests); the job was seen done ${seconds(impact.refreshWaitMs - impact.refreshMs)} after it ended`,
      goal: '≤ 1.15× floor',
      isMet: vsFloor <= 1.15 && impact.newIssues === 3,
    },
    {
      figure: 'Its requests against the minimum (every page, every write, one status read)',
      value: `${impact.requests} requests = minimum ${impact.minimumRequests} + ${impact.polls - 1} earlier status reads (2 to 5 s apart); ${impact.rateLimited} × 429, secret ${impact.isSecretShown ? 'SHOWN' : 'never shown'}`,
      goal: 'minimum + the polling',
      isMet:
        impact.rateLimited === 0 &&
        !impact.isSecretShown &&
        impact.requests === impact.minimumRequests + impact.polls - 1,
    },
  );
}

if (parts.has('validator')) {
  process.stderr.write(
    'validator: reading and comparing two content validator answers of 20,000 documents…\n',
  );
  const content = await measureContentValidation({ count: 20_000 });
  figures.contentValidator = content;
  const mib = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  addRows(
    'validator',
    {
      figure: `Content validator's answer of ${content.count.toLocaleString('en-US')} documents (${mib(content.answerBytes)} of JSON, ${content.issues.toLocaleString('en-US')} issues a side): read both sides and compare`,
      value: `read ${(content.parseMs / 1000).toFixed(2)} s (both sides), compare ${(content.compareMs / 1000).toFixed(2)} s; ${content.newIssues} new, ${content.existing} existing, ${content.resolved} resolved`,
      goal: 'reference',
      isMet: null,
    },
    {
      figure: 'Peak memory of that process, against the answer',
      value: `${mib(content.maxRssKiB * 1024)} = ${ratio((content.maxRssKiB * 1024) / content.answerBytes)} the answer's size (node alone: ${mib(content.nodeRssKiB * 1024)})`,
      goal: 'reference',
      isMet: null,
    },
  );
}

if (parts.has('cold')) {
  process.stderr.write('cold: node dist/index.js validating 100 connections vs node on an empty script…\n');
  // The goal is set against `node -e 0` from this machine's shell, whose environment node reads at every
  // start (NODE_EXTRA_CA_CERTS: the system's certificates), so both sides run with it; a runner starts
  // node with few variables, the second row.
  const shellEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry) => entry[1] !== undefined && !/^(GITHUB_|INPUT_|RUNNER_|npm_)/.test(entry[0]),
    ),
  );
  const shell = await measureColdStart({ count: 100, repeats: 15, actionEntry, env: shellEnv });
  const cold = await measureColdStart({ count: 100, repeats: 15, actionEntry });
  const extraCa = process.env.NODE_EXTRA_CA_CERTS === undefined ? 'unset' : 'set';
  figures.coldStart = { ...cold, shell: { ...shell, extraCaCertificates: extraCa } };
  addRows(
    'cold',
    {
      figure: `Cold start: validate 100 connections, dry-run, no token, with this machine's environment, as from its shell (NODE_EXTRA_CA_CERTS ${extraCa}; median of ${shell.repeats}, interleaved)`,
      value: `${ms(shell.actionMs)} vs node alone ${ms(shell.nodeMs)} = ${ratio(shell.actionMs / shell.nodeMs)}`,
      goal: `≤ ${RECORDED.coldStart.goal}× node alone`,
      isMet: shell.actionMs / shell.nodeMs <= RECORDED.coldStart.goal,
    },
    {
      figure: `Same with a runner's few variables (median of ${cold.repeats}, interleaved)`,
      value: `${ms(cold.actionMs)} vs node alone ${ms(cold.nodeMs)} = ${ratio(cold.actionMs / cold.nodeMs)}: the same ${ms(cold.actionMs - cold.nodeMs)} of the action's own against a faster node`,
      goal: 'reference',
      isMet: null,
    },
  );
}

if (parts.has('size')) {
  const size = await measureDistSize(distDir);
  figures.distSize = size;
  const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const entryBytes = size.entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const lazyFiles = new Set(size.entries.flatMap((entry) => entry.lazyImports.flatMap((lazy) => lazy.files)));
  const lazyBytes = size.files.filter((f) => lazyFiles.has(f.file)).reduce((sum, f) => sum + f.bytes, 0);
  addRows('size', {
    figure: `Size of ${figures.dist}/`,
    // Chunk files are numbered by module id, which changes with the code: they are named by what they load.
    value: `${(size.totalBytes / 1024).toFixed(0)} KiB: ${size.entries
      .map(
        (entry) =>
          `${entry.file} ${kib(entry.bytes)}${entry.lazyImports.length === 0 ? '' : ` (+ on demand: ${entry.lazyImports.map((lazy) => `${lazy.exports.join(', ')} ${kib(lazy.bytes)}`).join('; ')})`}`,
      )
      .join(
        ', ',
      )}; ${kib(lazyBytes)} of chunks in all, ${kib(size.totalBytes - entryBytes - lazyBytes)} of licenses and package.json`,
    goal: 'reference',
    isMet: null,
  });
}

if (parts.has('exposures')) {
  process.stderr.write(
    'exposures: built action writing the dbt exposures of 10,000 dashboards, 100 a page, at 60/min (about a minute)…\n',
  );
  // At Omni's own limit and the action's default budget, 60 a minute: what a nightly run takes as users run it.
  // 100 pages need a second window, so the figure is bound by the rate limit, not by the action.
  const exposures = await measureExposures({
    count: 10_000,
    perMinute: 60,
    pageSize: 100,
    latencyMs: 20,
    repeats: 5,
    actionEntry,
  });
  figures.exposures = exposures;
  const vsBound = exposures.wallMs / exposures.slidingWindowBoundMs;
  addRows(
    'exposures',
    {
      figure: `dbt exposures: ${exposures.count.toLocaleString('en')} dashboards of one model, ${exposures.pageSize} a page, budget = Omni limit = ${exposures.perMinute}/min (built action, ${exposures.requests} requests)`,
      value: `${seconds(exposures.wallMs)} = ${ratio(vsBound)} the sliding-window bound ${seconds(exposures.slidingWindowBoundMs)} (${exposures.pages} pages; those past the first ${exposures.perMinute} wait for the window)`,
      goal: '≤ 1.1× bound',
      isMet: vsBound <= 1.1,
    },
    {
      figure: 'Its file: exposures written / dashboards with a dbt model, size, 429s',
      value: `${exposures.written} / ${exposures.expectedWritten} (${exposures.withoutDbtModels} without dbt models left out), ${(exposures.fileBytes / 1024 / 1024).toFixed(2)} MiB, ${exposures.rateLimited} × 429, exposures-changed ${exposures.exposuresChanged}`,
      goal: 'every one written, 0 × 429',
      isMet:
        exposures.written === exposures.expectedWritten &&
        exposures.rateLimited === 0 &&
        exposures.exposuresChanged === 'true',
    },
    {
      figure: `Building and writing that file in process (median of ${exposures.buildRunsMs.length})`,
      value: `build ${seconds(exposures.buildMs)}, write ${exposures.writeMs.toFixed(1)} ms`,
      goal: 'reference',
      isMet: null,
    },
    {
      figure:
        'Peak memory of that run, and of a run that changes the file it wrote (maxRSS of the action process)',
      value: `${(exposures.maxRssKiB / 1024).toFixed(1)} MiB writing it new; ${(exposures.rerunMaxRssKiB / 1024).toFixed(1)} MiB reading it back and changing ${exposures.rerunChanged} exposure`,
      goal: 'reference',
      isMet: null,
    },
  );
}

/**
 * What the figures mean and, where a goal is missed, why and what would reach it. Every figure it quotes is
 * one of `figures` (RECORDED for those measured by hand).
 * @param {Record<string, any>} all
 */
function renderNotes(all) {
  const { recorded } = all;
  const a = all.sharedKey.a;
  const cold = recorded.coldStart;
  const shell = all.coldStart.shell;
  return `## Notes

- **Latency.** The core run is measured in process (production wiring \`createRunClient\`, default settings),
  so node's startup is not counted. Every connection needs a GET then a PUT, so the ideal is two round trips.
  A run lets up to 20 requests run at once (\`RUN_MAX_CONCURRENCY\` in \`src/core/omni/run-client.ts\`); with the
  pacer's default of 8 it takes three waves of GETs and PUTs (the row above). The run's first request goes
  alone, so that a refused token costs one request and the rest end \`skipped\`: that puts a third round
  trip on the critical path (GET 1, then GETs 2–20 with PUT 1, then PUTs 2–20), so the floor of the
  production wiring is three round trips, half again the two-round-trip ideal. The goal is therefore set
  against those three round trips (≤ 1.1×, the second row); the first row shows the two-round-trip ideal for
  reference, and the row without the lone request shows what that request costs.
- **Rate limit.** Omni allows a number of requests "per minute"; the sandbox counts them as a sliding minute,
  as the action's budget does. Then request *k* + budget cannot start before request *k* is a minute old, so
  800 requests at 600/min need at least 60 s, whatever the client does. Against that bound the action is
  within 1.1× with no 429 and no failure (the budget keeps a 1 s margin on the window, hence 61 s).
- **dbt environments.** 200 connections whose settings match the file, each with two shared environments
  in Omni (the default "Production", with a plain variable and a \`fromEnv\` secret, and "Analytics CI"),
  of which the file changes one (\`generateConnectionsWithEnvironments\` in \`scripts/bench/fixtures.js\`).
  A run needs at least a settings read, an environment list and the write per connection; it also lists
  the environments again after writing, to check what Omni kept (README, "dbt environments"), so 4
  requests per connection. The bound here is that of the run's own budget: request *k* + 600 cannot start
  before request *k* is 61 s old (the pacer adds a 1 s margin to the 60 s window, \`windowMarginMs\` in
  \`src/core/omni/pacer.ts\`), so 800 requests need 61 s; the bare 60 s figure is printed beside it. The secret
  is passed through the step's \`env\` and checked absent from the log, the summary and the outputs (it is
  in Omni already and not re-sent without \`update-secrets\`).
- **Schema refresh schedules.** 200 connections whose settings match the file, each with two schema refresh
  schedules in Omni, of which the file keeps one and changes the other's cron, with
  \`pruneSchemaRefreshSchedules\` (\`generateConnectionsWithSchedules\` in \`scripts/bench/fixtures.js\`). A
  schedule is its pair (README, "Schema refresh schedules"), so the change is a create and a delete; with a
  settings read and a schedule list that is 4 requests a connection at least, and the read-back after the
  writes makes 5, so 1,000 requests, which the run's own budget spaces at 600 per 61 s: a bound of
  ${(all.schedules?.slidingWindowBoundMs ?? 0) / 1000} s.
- **Shared key.** The sandbox plays another client of the same key (\`otherClient\`: N requests T s ago, then
  R a minute, each counted when the window has room). The floor is the earliest time Omni's sliding window
  could have answered every request of the run, given that client's requests
  (\`computeServiceFloor\` in \`scripts/bench/shared-key.js\`); "requests that had to wait" are those the floor
  cannot serve when they are ready. After a 429 without \`Retry-After\` the pacer sends one probe at a time,
  each wait a quarter of the time probed so far (at least 1 s, at most 6 s, ±10 % jitter): room that
  appeared T after the first refusal is found by about ${recorded.probeSchedule.findsRoomFactor} × T + ${(recorded.probeSchedule.findsRoomOffsetMs / 1000).toFixed(1)} s, whenever it appeared (an earlier
  schedule that grew ${recorded.replacedProbeSchedule.growth}× per refusal could land just after the room and give ${recorded.replacedProbeSchedule.scenarioAFloorRatioMin}× to ${recorded.replacedProbeSchedule.scenarioAFloorRatioMax}× the floor of
  scenario a from run to run). Once a probe passes, the run resumes with
  half its bound in flight and adds about one per round of successes. The 429s of a run are the burst that
  discovers the other client (one per request that could not be served, unavoidable without a
  \`Retry-After\`, which Omni does not send) plus the refused probes; so where the wait is longer than the
  burst is large (scenario a: ${a.rateLimited} refusals for ${a.waiting} waiting requests) the count exceeds one
  per waiting request. Fewer probes would mean finding room later (growth 2: probes at 1, 3, 7, 15 s).
- **Cold start.** Goal: at most ${cold.goal}× \`node -e 0\` from this machine's shell. A validation (a dry-run without a
  token, as here, and the CLI's \`validate\`, the pre-commit hook) loads the config loading, the validation
  and the reports, and nothing else: the Omni client (its transport, undici, the answer schemas of every
  endpoint family) and each mode's steps are chunks that \`import()\` loads once a run has passed every check
  that needs nothing from Omni (\`executeRun\` imports its mode's steps; the front ends create the client),
  and the action writes the runner's protocol itself (\`src/action/workflow-commands.ts\`), since
  \`@actions/core\`'s only entry loads undici (\`oidc-utils\` → \`@actions/http-client\`, statically): about
  ${cold.actionsCoreMs} ms of every start. The first row runs both sides with this machine's environment, as the goal was
  measured: ${ratio(shell.actionMs / shell.nodeMs)}, ${shell.actionMs / shell.nodeMs <= cold.goal ? 'met' : 'not met'} (measured by hand the same way before the client and the modes were loaded on
  demand: ${cold.shellBeforeRatio.toFixed(2)}×, ${cold.shellBeforeMs} ms against ${cold.shellNodeMs} ms). Its \`NODE_EXTRA_CA_CERTS\` makes node read the system's certificates
  at every start, about ${cold.caCertificatesMs} ms that both sides pay; a runner starts node with few variables (the second
  row), so the same ${ms(all.coldStart.actionMs - all.coldStart.nodeMs)} of the action's own weigh ${ratio(all.coldStart.actionMs / all.coldStart.nodeMs)} there. Its floor with the libraries the file needs is
  a bundle of \`loadConfig\` alone (yaml and zod, the 100 connections parsed and checked), run that way: about
  ${cold.loadConfigAloneRatio.toFixed(1)}×. A CPU profile (\`node --cpu-prof\`) of a validation: compiling the ${cold.profiledEntryMB} MB entry about
  ${cold.compileMs} ms, evaluating its modules (zod's schemas, yaml) about ${cold.evaluateMs} ms, \`loadConfig\` about ${cold.loadConfigMs} ms (the first
  YAML parse runs cold, unoptimised code), garbage collection about ${cold.garbageCollectionMs} ms. A minified bundle (ncc's \`-m\`)
  starts about ${cold.minifiedSavesMs} ms sooner; \`dist/\` stays readable instead, so that a team can audit the code that holds its
  Connection Admin key.
${renderImpactNotes(all)}- **Memory** is the peak resident set of the action's own process (\`process.resourceUsage().maxRSS\`) during
  the 400-connection apply; the sandbox runs in the parent.
${all.exposures === undefined ? '' : renderExposuresNote(all.exposures)}`;
}

/**
 * The note on the dbt exposures figures. @param {Record<string, any>} exposures
 */
function renderExposuresNote(exposures) {
  return `- **dbt exposures.** ${exposures.count.toLocaleString('en')} published dashboards of one Omni model
  (\`generateDashboards\` in \`scripts/bench/fixtures.js\`: every 15th without a dbt model, every 10th with a
  title that collides), read at Omni's page size of ${exposures.pageSize}: ${exposures.pages} pages, one request each,
  and the run's ${exposures.requests} requests in all. The budget is Omni's own limit and the action's default,
  ${exposures.perMinute} a minute, so the figure is what a nightly run takes as users run it: the first ${exposures.perMinute} pages are
  read within the first seconds, the rest wait for the window (${exposures.perMinute} s plus the pacer's ${exposures.windowMarginMs / 1000} s margin). The
  pages are read one after the other (each needs the cursor of the one before), so a model's pages never fan
  out; several models would read side by side within the budget. The build (names, sorting, YAML) and the write
  are measured apart, in process, on the same records; the file is checked whole: every dashboard with a dbt
  model written once. Memory is the action process's peak: Omni's answers, the file and its YAML document
  held at once; a run that finds a file already there reads it back as YAML to compare it exposure by
  exposure (the second figure: one title changed, at a budget that does not wait), which costs about as
  much again. A run whose file has not changed compares the bytes and reads nothing back.
`;
}

/**
 * The notes on the impact check's figures, when the run measured them.
 * @param {Record<string, any>} all
 */
function renderImpactNotes(all) {
  const { impact, contentValidator: content } = all;
  const notes = [];
  if (impact !== undefined) {
    notes.push(`- **Impact check.** The built action on the sandbox's pull request #12 (\`scripts/bench/impact.js\`): the
  environment written and bound, a branch created, its refresh job of ${impact.refreshMs / 1000} s, both sides validated, the
  exposures read. The floor is the job's own time plus the bound the budget puts on the other requests (none
  here: ${impact.minimumRequests - 1} requests fit in a minute's budget); what it adds is node's start, the requests before the
  refresh, and the polling's lag: a status read every 2 to 5 s (\`src/core/run/refresh-job.ts\`) sees the job
  done at most 5 s late (${(impact.refreshWaitMs / 1000 - impact.refreshMs / 1000).toFixed(1)} s here). The shared model's side is read while the branch refreshes, so
  only the branch's validation follows the job. The minimum counts every page of every list, every write and
  one status read; the polling adds the reads before the one that saw the job end.
`);
  }
  if (content !== undefined) {
    notes.push(`- **Content validator.** Two answers of ${content.count} documents (two queries a document, an issue each; the
  branch's moves every tenth), read from files as the client reads Omni's (JSON, then the schema) and compared, in
  a process of their own (\`scripts/bench/measure-content.js\`). Its peak memory holds both answers' text, their
  parsed and checked forms and the issues; node alone is printed beside it.
`);
  }
  return notes.join('');
}

const mark = (/** @type {boolean | null} */ isMet) => (isMet === null ? '' : isMet ? 'met' : 'MISSED');
const renderTable = (/** @type {Row[]} */ tableRows) =>
  [
    '| Figure | Measured | Goal | |',
    '| --- | --- | --- | --- |',
    ...tableRows.map((r) => `| ${r.figure} | ${r.value} | ${r.goal} | ${mark(r.isMet)} |`),
  ].join('\n');
process.stdout.write(`\n${renderTable(rows)}\n\n${figures.node} on ${figures.platform}\n`);

if (isFullRun || isMerging) {
  // Measured milliseconds to a tenth: finer is noise. The figures recorded by hand are kept as written.
  const measured = JSON.parse(
    JSON.stringify(figures, (_key, value) =>
      typeof value === 'number' ? Math.round(value * 10) / 10 : value,
    ),
  );
  const jsonPath = path.join(REPO_ROOT, 'docs/benchmarks.json');
  let all = { ...measured, recorded: RECORDED, rows };
  if (isMerging) {
    // The parts run replace their figures and rows; the rest, and where and when the full run ran, stay.
    const earlier = JSON.parse(await readFile(jsonPath, 'utf8'));
    const partFigures = Object.fromEntries(
      [...parts].map((part) => [
        FIGURES_OF_PART[/** @type {keyof typeof FIGURES_OF_PART} */ (part)],
        measured[FIGURES_OF_PART[/** @type {keyof typeof FIGURES_OF_PART} */ (part)]],
      ]),
    );
    const order = (/** @type {Row} */ row) => ALL_PARTS.indexOf(row.part ?? '');
    const kept = /** @type {Row[]} */ (earlier.rows).filter((row) => !parts.has(row.part ?? ''));
    all = {
      ...earlier,
      ...partFigures,
      recorded: RECORDED,
      rows: [...kept, ...rows].sort((a, b) => order(a) - order(b)),
    };
  }
  const rounded = JSON.stringify(all, null, 2);
  await writeFile(jsonPath, `${rounded}\n`);
  const markdown = [
    '# Benchmarks',
    '',
    `\`npm run bench\` against the loopback sandbox, Node ${all.node} on ${all.platform} (${all.cpus} cores), ${all.date}.`,
    '',
    renderTable(all.rows),
    '',
    renderNotes(JSON.parse(rounded)),
  ].join('\n');
  await writeFile(path.join(REPO_ROOT, 'docs/benchmarks.md'), markdown);
  // README's Performance block quotes the same figures (scripts/bench/readme-block.js).
  const readmePath = path.join(REPO_ROOT, 'README.md');
  const actionYml = await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8');
  await writeFile(
    readmePath,
    updateReadme(await readFile(readmePath, 'utf8'), actionYml, JSON.parse(rounded)),
  );
  // In the repository's own format, so `npm run lint` stays clean after a run.
  execFileSync(
    path.join(REPO_ROOT, 'node_modules/.bin/biome'),
    ['format', '--write', 'docs/benchmarks.json', 'docs/benchmarks.md', 'README.md'],
    {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    },
  );
  process.stderr.write("wrote docs/benchmarks.json, docs/benchmarks.md and README.md's Performance block\n");
}
