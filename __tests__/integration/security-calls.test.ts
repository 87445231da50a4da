// SECURITY.md's table of calls ("What the action sends, and where") against the calls the code has, so
// that a new endpoint cannot ship unlisted. Omni: every method of createOmniClient is driven against a
// recording fetch and its (method, path template) compared with the table. GitHub: every Octokit call in
// src/ is resolved to its route by Octokit itself, and a comment run and a sweep against the GitHub fake
// (sandbox/github-fake.js) must send only listed requests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../../sandbox/github-fake.js';
import { REPO_ROOT } from '../../scripts/runner.js';
import { createOmniClient, type OmniClient } from '../../src/core/omni/client.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import { createRunReport } from '../../src/core/run/run.js';
import { createRedactor } from '../../src/core/secrets.js';
import { PRODUCTION_SETTINGS } from '../support/dbt-fixtures.js';

interface ListedCall {
  host: 'Omni' | 'GitHub';
  method: string;
  path: string;
}

const CALLS_START = '<!-- calls:start -->';
const CALLS_END = '<!-- calls:end -->';

/** The rows of SECURITY.md's table of calls: host, method, path (the fourth column is prose). */
function readListedCalls(): ListedCall[] {
  const text = readFileSync(path.join(REPO_ROOT, 'SECURITY.md'), 'utf8');
  const start = text.indexOf(CALLS_START);
  const end = text.indexOf(CALLS_END);
  if (start < 0 || end < start) throw new Error(`SECURITY.md has no ${CALLS_START} … ${CALLS_END} table`);
  const rows = text
    .slice(start + CALLS_START.length, end)
    .trim()
    .split('\n')
    .slice(2);
  return rows.map((row) => {
    const [host, method, callPath] = row
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim().replace(/^`|`$/g, ''));
    if (host !== 'Omni' && host !== 'GitHub') throw new Error(`SECURITY.md row with host "${host}": ${row}`);
    return { host, method: method ?? '', path: callPath ?? '' };
  });
}

const describeCall = (call: ListedCall) => `${call.host} ${call.method} ${call.path}`;
const listed = readListedCalls();
const listedOn = (host: ListedCall['host']) =>
  listed
    .filter((call) => call.host === host)
    .map(describeCall)
    .sort();

/** Every ts file under src/, with its text. */
function readSources(): { file: string; text: string }[] {
  const sources: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts'))
        sources.push({ file: relative, text: readFileSync(path.join(REPO_ROOT, relative), 'utf8') });
    }
  };
  walk('src');
  return sources;
}
const sources = readSources();

describe('SECURITY.md, the table of calls', () => {
  it('lists each call once', () => {
    const described = listed.map(describeCall);
    expect(described.length).toBeGreaterThan(0);
    expect(new Set(described).size).toBe(described.length);
  });
});

// ── Omni ──────────────────────────────────────────────────────────────────────────────────────────────

const API_BASE_URL = 'https://acme.omniapp.co/api';

// Ids are passed as their own template names: a path segment `{connectionId}` is sent encoded
// (%7BconnectionId%7D) and read back as the template. The type makes a new client method a compile error
// here until it is driven, and so until its path is compared with SECURITY.md.
const DRIVE_EVERY_METHOD: { [Method in keyof OmniClient]: (client: OmniClient) => Promise<unknown> } = {
  getDbtConfig: (client) => client.getDbtConfig('{connectionId}'),
  putDbtConfig: (client) => client.putDbtConfig('{connectionId}', { ...PRODUCTION_SETTINGS }),
  listEnvironments: (client) => client.listEnvironments('{connectionId}'),
  createEnvironment: (client) =>
    client.createEnvironment('{connectionId}', { name: 'CI', targetSchema: 'dbt_ci', variables: [] }),
  updateEnvironment: (client) =>
    client.updateEnvironment('{connectionId}', '{environmentId}', { name: 'CI', targetSchema: 'dbt_ci' }),
  deleteEnvironment: (client) => client.deleteEnvironment('{connectionId}', '{environmentId}'),
  bindBranchEnvironment: (client) =>
    client.bindBranchEnvironment({
      modelId: '{modelId}',
      branchName: '{branchName}',
      environmentId: 'e0000000-0000-4000-8000-000000000001',
      gitBranch: 'feature',
    }),
  findModel: (client) => client.findModel('{modelId}'),
  findBranch: (client) => client.findBranch('{modelId}', 'feature'),
  createBranch: (client) =>
    client.createBranch({ modelId: '{modelId}', connectionId: '{connectionId}', name: 'feature' }),
  deleteBranch: (client) => client.deleteBranch('{modelId}', '{branchName}'),
  startRefresh: (client) =>
    client.startRefresh('{modelId}', { branchId: 'b0000000-0000-4000-8000-000000000001' }),
  getJobStatus: (client) => client.getJobStatus('{jobId}'),
  validateModel: (client) => client.validateModel('{modelId}'),
  validateContent: (client) => client.validateContent('{modelId}'),
  listExposures: (client) => client.listExposures('{modelId}'),
  listSchedules: (client) => client.listSchedules('{connectionId}'),
  createSchedule: (client) =>
    client.createSchedule('{connectionId}', { schedule: '0 6 * * ? *', timezone: 'Europe/Berlin' }),
  updateSchedule: (client) =>
    client.updateSchedule('{connectionId}', '{scheduleId}', { schedule: '0 6 * * ? *', timezone: 'UTC' }),
  deleteSchedule: (client) => client.deleteSchedule('{connectionId}', '{scheduleId}'),
};

interface RecordedRequest {
  method: string;
  url: URL;
}

/**
 * 200 bodies, in order, for a method whose later requests follow from an earlier answer (a job polled after
 * the request that started it, a second page): without them each method stops at its first request.
 */
const ANSWERS: Partial<Record<keyof OmniClient, unknown[]>> = {};

/** A client whose fetch records each request and answers 404 (after any `answers`), so that none retries. */
function createRecordingClient(answers: readonly unknown[] = []) {
  const requests: RecordedRequest[] = [];
  const pending = [...answers];
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ method: init?.method ?? 'GET', url: new URL(String(input)) });
    const isAnswered = pending.length > 0;
    const body = isAnswered ? pending.shift() : { message: 'recorded by security-calls.test.ts' };
    return new Response(JSON.stringify(body), {
      status: isAnswered ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    });
  };
  const client = createOmniClient({
    apiBaseUrl: API_BASE_URL,
    token: 'security-calls-token',
    fetch: recordingFetch as typeof fetch,
    pacer: createPacer({ maxRequestsPerMinute: 1000, now: Date.now, sleep: sleepUnlessAborted }),
    retry: { maxAttempts: 1 },
  });
  return { client, requests };
}

/** `/api/v1/connections/%7BconnectionId%7D/dbt` → `Omni GET /api/v1/connections/{connectionId}/dbt`. */
function describeOmniRequest(request: RecordedRequest): string {
  return `Omni ${request.method} ${decodeURIComponent(request.url.pathname)}`;
}

describe('SECURITY.md and the Omni client', () => {
  const recorded = new Map<string, RecordedRequest[]>();

  beforeAll(async () => {
    for (const [name, drive] of Object.entries(DRIVE_EVERY_METHOD)) {
      const { client, requests } = createRecordingClient(ANSWERS[name as keyof OmniClient]);
      await drive(client).catch(() => undefined);
      recorded.set(name, requests);
    }
  });

  it('drives every method of createOmniClient', () => {
    const { client } = createRecordingClient();
    expect(Object.keys(DRIVE_EVERY_METHOD).sort()).toEqual(Object.keys(client).sort());
  });

  it('follows scripted answers to the later requests of a method (ANSWERS)', async () => {
    const page = { pageInfo: { hasNextPage: true, nextCursor: 'next' }, records: [] };
    const { client, requests } = createRecordingClient([page]);
    await client.listEnvironments('{connectionId}').catch(() => undefined);
    expect(requests.map((request) => request.url.searchParams.get('cursor'))).toEqual([null, 'next']);
  });

  it('sees each method send at least one request, to the instance at omni-url', () => {
    for (const [name, requests] of recorded) {
      expect(requests.length, `${name} sent no request`).toBeGreaterThan(0);
      for (const request of requests) expect(`${request.url.origin}/api`, name).toBe(API_BASE_URL);
    }
  });

  it('lists every (method, path) the client sends, and nothing it does not', () => {
    const sent = [...new Set([...recorded.values()].flat().map(describeOmniRequest))].sort();
    expect(sent).toEqual(listedOn('Omni'));
  });

  it('has every module that calls Omni joined to createOmniClient, so that the test above drives it', () => {
    const client = sources.find((source) => source.file === 'src/core/omni/client.ts')?.text ?? '';
    const joined = [...client.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((match) => match[1]);
    const calling = sources
      .filter(
        (source) =>
          source.file !== 'src/core/omni/transport.ts' && /\btransport\.request\(/.test(source.text),
      )
      .map((source) => source.file);
    for (const file of calling) {
      expect(
        file.startsWith('src/core/omni/') && joined.includes(path.basename(file, '.ts')),
        `${file} sends requests without being part of createOmniClient`,
      ).toBe(true);
    }
  });

  it('has the transport as the only fetch, and no other HTTP client in src/', () => {
    const offenders = sources
      .filter((source) => source.file !== 'src/core/omni/transport.ts')
      .filter((source) => /\bfetch\(|from 'node:https?'|from 'undici'|\.graphql\b/.test(source.text))
      .map((source) => source.file);
    expect(offenders).toEqual([]);
  });
});

// ── GitHub ────────────────────────────────────────────────────────────────────────────────────────────

/** Every Octokit call in src/ (`octokit.rest.<scope>.<method>` or `octokit.request('METHOD /path')`). */
function findOctokitCalls(
  octokit: { rest: unknown },
  files: readonly { file: string; text: string }[],
): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (call: string, file: string) => calls.set(call, [...(calls.get(call) ?? []), file]);
  for (const { file, text } of files) {
    for (const [, scope = '', name = ''] of text.matchAll(/\.rest\.(\w+)\.(\w+)/g)) {
      const endpoint = (
        octokit.rest as unknown as Record<
          string,
          Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>
        >
      )[scope]?.[name];
      if (endpoint === undefined)
        throw new Error(`${file}: octokit.rest.${scope}.${name} is no Octokit route`);
      add(`GitHub ${endpoint.endpoint.DEFAULTS.method} ${endpoint.endpoint.DEFAULTS.url}`, file);
    }
    for (const [, method = '', route = ''] of text.matchAll(
      /\.request\(\s*['"`]([A-Z]+) (\/[^'"`]*)['"`]/g,
    )) {
      add(`GitHub ${method} ${route}`, file);
    }
  }
  return calls;
}

/** A listed path template as a pattern for a concrete path: `{owner}` is one segment. */
function matchesTemplate(template: string, concrete: string): boolean {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`).test(concrete);
}

describe('SECURITY.md and the GitHub calls', () => {
  const PAT = 'ghp_securityCallsToken000';
  let github: GitHubFake;
  let previousApiUrl: string | undefined;
  let octokit: { rest: unknown };

  beforeAll(async () => {
    github = await startGitHubFake({
      token: PAT,
      pullRequests: [
        {
          repo: 'acme/analytics',
          number: 7,
          state: 'open',
          head: { ref: 'feature' },
          files: [{ filename: 'models/orders.sql' }],
        },
      ],
    });
    previousApiUrl = process.env.GITHUB_API_URL;
    // @actions/github reads GITHUB_API_URL once, when it is first loaded: as on the runner, set it first.
    process.env.GITHUB_API_URL = github.url;
    const { getOctokit } = await import('@actions/github');
    const { publishPlanComment } = await import('../../src/action/comment.js');
    const { createActionLog } = await import('../../src/action/log.js');
    const log = createActionLog(createRedactor());
    const { readOpenPullRequestNumbers, readPullRequestRefs } = await import(
      '../../src/action/pull-request-states.js'
    );
    const { readPullRequestFiles } = await import('../../src/action/pull-request-files.js');
    octokit = getOctokit('route-lookup-only');
    const report = createRunReport(
      { mode: 'dry-run', configPath: 'omni-dbt.yml', commit: undefined, failOnChanges: false },
      [],
    );
    const pullRequest = { owner: 'acme', repo: 'analytics', number: 7, isFork: false };
    // Twice: the first run creates the comment, the second finds and updates it.
    await publishPlanComment({ report, pullRequest, githubToken: PAT, log });
    await publishPlanComment({ report, pullRequest, githubToken: PAT, log });
    // A call the fake does not serve fails the sweep; the tests below then name the request.
    const repository = { githubToken: PAT, owner: 'acme', repo: 'analytics', onWait: () => {} };
    await readOpenPullRequestNumbers(repository).catch(() => undefined);
    await readPullRequestRefs({ ...repository, pr: 7 }).catch(() => undefined);
    // The impact check's changed files (a failure is a reason, not a rejection).
    await readPullRequestFiles({ ...repository, pr: 7 });
  });

  afterAll(async () => {
    if (previousApiUrl === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = previousApiUrl;
    await github?.close();
  });

  it('lists every Octokit call in src/, and nothing the code does not call', () => {
    expect([...findOctokitCalls(octokit, sources).keys()].sort()).toEqual(listedOn('GitHub'));
  });

  it('lists every request a comment run, a sweep and the changed files send to GitHub', () => {
    const templates = listed.filter((call) => call.host === 'GitHub');
    const unlisted = github.requests
      .map((request) => ({ method: request.method, path: new URL(request.path, github.url).pathname }))
      .filter(
        (request) =>
          !templates.some(
            (call) => call.method === request.method && matchesTemplate(call.path, request.path),
          ),
      );
    expect(github.requests.length).toBeGreaterThan(0);
    expect(unlisted).toEqual([]);
  });

  it('sees the comment, the sweep and the changed files send every call their modules have', () => {
    const exercised = sources.filter((source) =>
      [
        'src/action/comment.ts',
        'src/action/pull-request-states.ts',
        'src/action/pull-request-files.ts',
      ].includes(source.file),
    );
    const sent = github.requests.map((request) => ({
      method: request.method,
      path: new URL(request.path, github.url).pathname,
    }));
    for (const call of findOctokitCalls(octokit, exercised).keys()) {
      const [, method = '', template = ''] = call.split(' ');
      expect(
        sent.some((request) => request.method === method && matchesTemplate(template, request.path)),
        `${call} was not sent`,
      ).toBe(true);
    }
  });
});
