// The impact check's figures (README, "Impact on Omni"): (a) the built action's check of pull request #12 in
// `mode: preview` against its floor (the sandbox refresh job's own duration, plus the sliding-window bound of
// its other requests) and its requests against the minimum; (b) the content validator's answer of 20,000
// documents: reading it (JSON and the project's schema) and comparing two of them, with the peak memory of a
// process that does only that, against the answer's size.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import {
  MODEL_ID,
  PULL_REQUEST_12_EVENT,
  PULL_REQUEST_12_SEED,
  writePreviewConfig,
} from '../pull-request-12.js';
import { REPO_ROOT, runBuiltAction } from '../runner.js';
import { computeSlidingWindowBoundMs } from './measure.js';

const TOKEN = 'bench-token';
const GITHUB_TOKEN = 'ghs_bench_installation_token';
const run = promisify(execFile);

const CONFIG = writePreviewConfig({ impact: '{ failOn: none }' });

/**
 * The built action's impact check of pull request #12 with a refresh job of `refreshMs`, budget and Omni's
 * limit both `perMinute`. The minimum request count is what the check cannot do without: each page of each
 * list, each write, one status read (the one that sees the job end); the status reads before it are the cost
 * of polling every 2 to 5 s.
 * @param {{ refreshMs: number, perMinute: number, latencyMs: number, actionEntry: string }} options
 */
export async function measureImpactCheck({ refreshMs, perMinute, latencyMs, actionEntry }) {
  const sandbox = await startSandbox({
    port: 0,
    tokens: [TOKEN],
    requestsPerMinute: perMinute,
    latencyMs,
    refreshDurationMs: refreshMs,
  });
  const github = await startGitHubFake({
    installationTokens: [GITHUB_TOKEN],
    pullRequests: [PULL_REQUEST_12_SEED],
  });
  try {
    const startedAt = performance.now();
    const result = await runBuiltAction({
      entry: actionEntry,
      inputs: {
        config: 'omni-dbt.yml',
        mode: 'preview',
        'omni-url': sandbox.url,
        'api-token': TOKEN,
        'github-token': GITHUB_TOKEN,
        'max-requests-per-minute': String(perMinute),
      },
      files: { 'omni-dbt.yml': CONFIG },
      eventName: 'pull_request',
      ref: 'refs/pull/12/merge',
      event: PULL_REQUEST_12_EVENT,
      env: { GITHUB_API_URL: github.url },
    });
    const wallMs = performance.now() - startedAt;
    const requests = sandbox.requests.length;
    const polls = sandbox.requests.filter((request) => request.route === 'jobs').length;
    const others = requests - polls;
    const impact = JSON.parse(result.outputs.result ?? '{"connections":[]}').connections[0]?.impact;
    const refresh = sandbox.requests.find((request) => request.route === 'refresh');
    const lastPoll = sandbox.requests.filter((request) => request.route === 'jobs').at(-1);
    return {
      refreshMs,
      perMinute,
      latencyMs,
      exitCode: result.exitCode,
      wallMs,
      requests,
      polls,
      minimumRequests: others + 1,
      rateLimited: sandbox.requests.filter((request) => request.status === 429).length,
      // The earliest the run could end: the job's own time, plus what the budget makes its other requests wait.
      floorMs: refreshMs + computeSlidingWindowBoundMs({ requests: others, perMinute }),
      // From the refresh request to the read that saw the job done: the job's time plus the polling's lag.
      refreshWaitMs: (lastPoll?.startedAt ?? 0) - (refresh?.startedAt ?? 0),
      newIssues: impact?.newIssues.length ?? null,
      // `::add-mask::` tells the runner to hide the token: it is not showing it.
      isSecretShown: [result.stdout.replace(/^::add-mask::.*$/gm, ''), result.stderr, result.summary]
        .join('\n')
        .includes(TOKEN),
    };
  } finally {
    await github.close();
    await sandbox.close();
  }
}

/**
 * The content validator's answer for `count` documents with issues (docs.omni.co's shape, two queries a
 * document, one issue each), as the branch sees it; `variant` moves every tenth issue so the two sides
 * differ.
 * @param {number} count @param {'shared' | 'branch'} variant
 */
export function generateContentAnswer(count, variant) {
  return {
    branch:
      variant === 'branch' ? { id: 'ba000000-0000-4000-8000-000000000001', name: 'rename-amount' } : null,
    model_id: MODEL_ID,
    content: Array.from({ length: count }, (_, index) => ({
      document_id: `d0c00000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      identifier: `dashboard-${index}`,
      name: `Revenue by region ${index}`,
      type: 'Published',
      updated_at: '2026-01-05T09:00:00.000Z',
      folder: { name: 'Finance', path: `/Finance/Team ${index % 40}` },
      owner: { email: 'alice@acme.example', name: 'Alice Analyst' },
      require_pull_request_to_publish: false,
      queries_and_issues: [1, 2].map((query) => ({
        query_name: `Query ${query}`,
        query_presentation_id: `dashboard-${index}-q${query}`,
        query_id_map_key: `dashboard-${index}:q${query}`,
        issues: [
          variant === 'branch' && index % 10 === 0
            ? "Field 'orders.amount' not found in model"
            : `Field 'orders.field_${query}' not found in model`,
        ],
      })),
      dashboard_filter_issues: [],
    })),
  };
}

/**
 * Reads and compares two answers of `count` documents in a child process (scripts/bench/measure-content.js,
 * on the compiled core in build/), which reports its times and its peak memory; node's own peak on an empty
 * script is measured beside it.
 * @param {{ count: number }} options
 */
export async function measureContentValidation({ count }) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'omni-bench-content-'));
  try {
    const sharedPath = path.join(scratch, 'shared.json');
    const branchPath = path.join(scratch, 'branch.json');
    const sharedText = JSON.stringify(generateContentAnswer(count, 'shared'));
    await writeFile(sharedPath, sharedText);
    await writeFile(branchPath, JSON.stringify(generateContentAnswer(count, 'branch')));
    const { stdout } = await run(process.execPath, [
      path.join(REPO_ROOT, 'scripts/bench/measure-content.js'),
      sharedPath,
      branchPath,
    ]);
    const { stdout: empty } = await run(process.execPath, [
      '-e',
      'process.stdout.write(String(process.resourceUsage().maxRSS))',
    ]);
    return {
      count,
      answerBytes: Buffer.byteLength(sharedText, 'utf8'),
      nodeRssKiB: Number(empty),
      ...JSON.parse(stdout),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
