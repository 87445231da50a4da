// The sticky PR comment end to end: the built action against the Omni sandbox and a loopback fake of
// the GitHub REST API (GITHUB_API_URL).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import { PULL_REQUEST_EVENT, REPO_ROOT, runBuiltAction } from '../../scripts/runner.js';

const OMNI_TOKEN = 'omni-e2e-token';
const GITHUB_TOKEN = 'ghs_installation_token_e2e';
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');
const MARKER = '<!-- omni-dbt-action plan: omni-dbt.yml -->';

type GitHubFake = Awaited<ReturnType<typeof startGitHubFake>>;
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('the sticky plan comment', () => {
  let sandbox: Sandbox;
  let github: GitHubFake;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [OMNI_TOKEN] });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    // 150 comments by people, one of them quoting our marker: only our own comment may be updated.
    const seedComments = Array.from({ length: 150 }, (_, i) => ({
      body: i === 42 ? `${MARKER}\nsomeone pasted an old plan` : `comment ${i}`,
      user: { login: `reviewer${i % 3}`, type: 'User' as const },
      repo: 'acme/analytics',
      issueNumber: 7,
    }));
    github = await startGitHubFake({ installationTokens: [GITHUB_TOKEN], seedComments });
  });
  afterEach(async () => {
    await github.close();
    sandbox.reset();
  });

  const runOnPullRequest = (inputs: Record<string, string> = {}, files: Record<string, string> = {}) =>
    runBuiltAction({
      inputs: {
        config: 'omni-dbt.yml',
        'omni-url': sandbox.url,
        'api-token': OMNI_TOKEN,
        'github-token': GITHUB_TOKEN,
        ...inputs,
      },
      files: { 'omni-dbt.yml': EXAMPLE, ...files },
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      event: PULL_REQUEST_EVENT,
      env: { GITHUB_API_URL: github.url },
    });

  const ourComments = () =>
    github.comments.filter(
      (c) => c.user.login === 'github-actions[bot]' && c.body.startsWith('<!-- omni-dbt-action'),
    );

  it('creates the comment on the first run and updates the same one on the second', async () => {
    const first = await runOnPullRequest();
    expect(first.exitCode, first.stdout).toBe(0);
    expect(ourComments()).toHaveLength(1);
    const [created] = ourComments();
    expect(created?.body.startsWith(MARKER)).toBe(true);
    expect(created?.body).toContain('2 of 3 connections would change.');
    expect(created?.body).toContain('| `branch` | `"main"` | `"staging"` |');

    // The live state changes between the runs: the comment follows it.
    sandbox.setConnection('9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d', {
      dialect: 'bigquery',
      supportsDbt: false,
    });
    const second = await runOnPullRequest();
    expect(second.exitCode).toBe(1);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]?.id).toBe(created?.id);
    expect(ourComments()[0]?.body).toContain('does not support dbt');
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    // The someone-else's comment with our marker was left alone.
    expect(github.comments.find((c) => c.body.includes('someone pasted an old plan'))).toBeDefined();
  });

  it('keeps one comment per config file', async () => {
    await runOnPullRequest();
    await runOnPullRequest({ config: 'staging/omni-dbt.yml' }, { 'staging/omni-dbt.yml': EXAMPLE });
    const markers = ourComments().map((c) => c.body.split('\n')[0]);
    expect(markers).toEqual([MARKER, '<!-- omni-dbt-action plan: staging/omni-dbt.yml -->']);
  });

  it('warns with the permissions block when the token may not comment, and still passes', async () => {
    github.setFailure('forbid-writes');
    const run = await runOnPullRequest();
    expect(run.exitCode, run.stdout).toBe(0);
    expect(ourComments()).toHaveLength(0);
    const warning = run.stdout
      .split('\n')
      .find((line) => line.startsWith('::warning::Could not write the plan comment'));
    expect(warning).toBeDefined();
    expect(warning).toContain('403');
    expect(warning).toContain('pull-requests: write');
    expect(run.summary).toContain('2 of 3 connections would change.');
  });

  it('validates only on a fork pull request without secrets, says so in summary and comment, and passes', async () => {
    const forkEvent = {
      ...PULL_REQUEST_EVENT,
      pull_request: {
        ...PULL_REQUEST_EVENT.pull_request,
        head: { sha: 'f0f0f0', repo: { full_name: 'mallory/analytics' } },
      },
    };
    const run = await runBuiltAction({
      inputs: {
        config: 'omni-dbt.yml',
        'omni-url': sandbox.url,
        'api-token': '',
        'github-token': GITHUB_TOKEN,
      },
      files: { 'omni-dbt.yml': EXAMPLE },
      eventName: 'pull_request',
      event: forkEvent,
      env: { GITHUB_API_URL: github.url },
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(sandbox.requests).toEqual([]);
    expect(run.summary).toContain('Only validation ran');
    expect(ourComments()[0]?.body).toContain('Only validation ran: this pull request comes from a fork');
  });

  it('sends nothing to GitHub with comment: false', async () => {
    const run = await runOnPullRequest({ comment: 'false' });
    expect(run.exitCode).toBe(0);
    expect(github.requests).toEqual([]);
  });

  it('never shows either token', async () => {
    github.setFailure('forbid-writes');
    const run = await runOnPullRequest();
    const printed = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    for (const text of [printed, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain(OMNI_TOKEN);
      expect(text).not.toContain(GITHUB_TOKEN);
    }
  });
});
