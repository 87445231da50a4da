// `mode: preview` end to end: the built action against the Omni sandbox (environments, model branches) and
// the GitHub fake (comments, pull request states), as a pull request opens, moves, closes, and the nightly
// sweep runs (README, "Preview environments").
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../sandbox/github-fake.js';
import { startSandbox } from '../../sandbox/server.js';
import { runBuiltAction } from '../../scripts/runner.js';
import { PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';

const OMNI_TOKEN = 'omni-preview-e2e-token';
const GITHUB_TOKEN = 'ghs_preview_installation_token';
const CI_SECRET = 'dbt-ci-secret-value-31415';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const HEAD = 'feature/new-metrics';
const PREVIEW_MARKER = '<!-- omni-dbt-action preview: omni-dbt.yml -->';
const PLAN_MARKER = '<!-- omni-dbt-action plan: omni-dbt.yml -->';

const CONFIG = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${PRODUCTION_ID}
    name: Snowflake production
    preview:
      name: "PR {pr}"
      targetSchema: "dbt_pr_{pr}"
      targetName: "ci_{sha}"
      variables: { DBT_TARGET: ci, DBT_TOKEN: { fromEnv: DBT_CI_TOKEN } }
      omniModel: ${MODEL_ID}
      omniBranch: "{head}"
  - id: ${STAGING_ID}
    name: Snowflake staging
`;

type GitHubFake = Awaited<ReturnType<typeof startGitHubFake>>;
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type ActionRunResult = Awaited<ReturnType<typeof runBuiltAction>>;

function pullRequestEvent(action: string, options: { head?: string; fork?: boolean } = {}) {
  return {
    action,
    repository: { default_branch: 'main' },
    pull_request: {
      number: 12,
      head: {
        ref: options.head ?? HEAD,
        sha: 'abc1234def5678abc1234def5678abc1234def56',
        repo: { full_name: options.fork ? 'mallory/analytics' : 'acme/analytics' },
      },
      base: { ref: 'main', repo: { full_name: 'acme/analytics' } },
    },
  };
}

/** A shared environment as the sandbox seeds it, marked for `marker` when given. */
function seedEnvironment(id: string, name: string, marker?: string) {
  return {
    id,
    name,
    targetSchema: name.toLowerCase().replace(/ /g, '_'),
    variables: marker === undefined ? [] : [{ name: 'OMNI_DBT_PREVIEW', isSecret: false, value: marker }],
  };
}

describe('mode: preview with the built action', () => {
  let sandbox: Sandbox;
  let github: GitHubFake;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [OMNI_TOKEN] });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    github = await startGitHubFake({
      installationTokens: [GITHUB_TOKEN],
      pullRequests: [
        { repo: 'acme/analytics', number: 5, state: 'open' },
        { repo: 'acme/analytics', number: 6, state: 'closed', merged: true },
        { repo: 'acme/analytics', number: 7, state: 'closed' },
      ],
    });
  });
  afterEach(async () => {
    // The settings of a connection are never read nor written by a preview.
    expect(sandbox.requests.filter((request) => request.route === 'dbt')).toEqual([]);
    await github.close();
    sandbox.reset();
  });

  const run = (options: { eventName: string; event: object; inputs?: Record<string, string> }) =>
    runBuiltAction({
      inputs: {
        config: 'omni-dbt.yml',
        mode: 'preview',
        'omni-url': sandbox.url,
        'api-token': OMNI_TOKEN,
        'github-token': GITHUB_TOKEN,
        ...options.inputs,
      },
      files: { 'omni-dbt.yml': CONFIG },
      eventName: options.eventName,
      ref: options.eventName === 'pull_request' ? 'refs/pull/12/merge' : 'refs/heads/main',
      event: options.event,
      env: { GITHUB_API_URL: github.url, DBT_CI_TOKEN: CI_SECRET },
    });

  const ourComments = () =>
    github.comments.filter(
      (comment) => comment.user.login === 'github-actions[bot]' && comment.body.startsWith('<!-- omni-dbt'),
    );
  const previewsOf = (connectionId: string) =>
    sandbox.getEnvironments(connectionId).filter((environment) => environment.name.startsWith('PR '));

  /** Token and secret values appear in nothing a person or a later step can read. */
  function expectNoSecrets(result: ActionRunResult): void {
    const printed = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const visible = [
      printed,
      result.stderr,
      result.summary,
      JSON.stringify(result.outputs),
      ...github.comments.map((comment) => comment.body),
    ];
    for (const text of visible) {
      expect(text).not.toContain(OMNI_TOKEN);
      expect(text).not.toContain(GITHUB_TOKEN);
      expect(text).not.toContain(CI_SECRET);
    }
  }

  it('creates the pull request environment on opened, binds the branch, and leaves it alone on synchronize', async () => {
    // The plan of the same pull request keeps its own comment.
    const plan = await run({
      eventName: 'pull_request',
      event: pullRequestEvent('opened'),
      inputs: { mode: 'dry-run' },
    });
    expect(plan.exitCode, plan.stdout).toBe(0);
    sandbox.reset();

    const opened = await run({ eventName: 'pull_request', event: pullRequestEvent('opened') });
    expect(opened.exitCode, opened.stdout).toBe(0);
    expectNoSecrets(opened);

    const [created, ...others] = previewsOf(PRODUCTION_ID);
    expect(others).toEqual([]);
    expect(created).toMatchObject({ name: 'PR 12', targetSchema: 'dbt_pr_12', targetName: 'ci_abc1234' });
    expect(created?.variables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'OMNI_DBT_PREVIEW', isSecret: false, value: 'acme/analytics#12' }),
        expect.objectContaining({ name: 'DBT_TARGET', value: 'ci' }),
        expect.objectContaining({ name: 'DBT_TOKEN', isSecret: true, value: CI_SECRET }),
      ]),
    );
    expect(sandbox.getBranch(MODEL_ID, HEAD)).toEqual({ dbtEnvironmentId: created?.id, dbtGitBranch: HEAD });
    // A connection without a preview block is not read at all.
    expect(sandbox.requests.filter((request) => request.connectionId === STAGING_ID)).toEqual([]);

    const headline =
      'Preview for #12: created PR 12 on Snowflake production, bound to branch feature/new-metrics.';
    expect(opened.summary).toContain(headline);
    const result = JSON.parse(opened.outputs.result ?? '{}');
    expect(result.mode).toBe('preview');
    // Every selected connection is listed: the one without a `preview` block as skipped, and why.
    expect(result.connections).toHaveLength(2);
    expect(result.connections[1]).toMatchObject({
      id: STAGING_ID,
      action: null,
      status: 'skipped',
      error:
        'Not part of this run: mode: preview manages only connections with a `preview` block, and this one has none.',
    });
    expect(result.connections[0]).toMatchObject({
      id: PRODUCTION_ID,
      action: 'update',
      status: 'applied',
      preview: true,
      environments: [
        {
          name: 'PR 12',
          action: 'create',
          status: 'applied',
          error: null,
          binding: { modelId: MODEL_ID, branchName: HEAD, status: 'bound' },
        },
      ],
    });
    expect(opened.outputs.changed).toBe('1');
    expect(ourComments().map((comment) => comment.body.split('\n')[0])).toEqual([
      PLAN_MARKER,
      PREVIEW_MARKER,
    ]);
    expect(ourComments()[1]?.body).toContain(headline);

    // Someone binds the branch to another environment by hand; the next push binds it back.
    sandbox.setModel(MODEL_ID, {
      connectionId: PRODUCTION_ID,
      branches: {
        [HEAD]: { dbtEnvironmentId: '0e000000-0000-4000-8000-000000000001', dbtGitBranch: 'main' },
      },
    });
    const requestsBefore = sandbox.requests.length;
    const synchronized = await run({ eventName: 'pull_request', event: pullRequestEvent('synchronize') });
    expect(synchronized.exitCode, synchronized.stdout).toBe(0);
    expectNoSecrets(synchronized);
    expect(previewsOf(PRODUCTION_ID).map((environment) => environment.id)).toEqual([created?.id]);
    expect(
      sandbox.requests
        .slice(requestsBefore)
        .filter((request) => request.method === 'POST' && request.route === 'environments'),
    ).toEqual([]);
    expect(sandbox.getBranch(MODEL_ID, HEAD)).toEqual({ dbtEnvironmentId: created?.id, dbtGitBranch: HEAD });
    expect(synchronized.summary).toContain('Preview for #12: left unchanged PR 12 on Snowflake production');
    // Still two comments: the preview one was updated in place.
    expect(ourComments()).toHaveLength(2);
  });

  it('deletes the pull request environment on closed and leaves every other environment as it was', async () => {
    const opened = await run({ eventName: 'pull_request', event: pullRequestEvent('opened') });
    expect(opened.exitCode, opened.stdout).toBe(0);
    const before = sandbox
      .getEnvironments(PRODUCTION_ID)
      .filter((environment) => environment.name !== 'PR 12');
    expect(before.length).toBeGreaterThan(0);

    const closed = await run({ eventName: 'pull_request', event: pullRequestEvent('closed') });
    expect(closed.exitCode, closed.stdout).toBe(0);
    expectNoSecrets(closed);
    expect(previewsOf(PRODUCTION_ID)).toEqual([]);
    expect(sandbox.getEnvironments(PRODUCTION_ID)).toEqual(before);
    expect(closed.summary).toContain('Deleted 1 preview environment of closed pull request #12.');
    const result = JSON.parse(closed.outputs.result ?? '{}');
    expect(result.connections[0]).toMatchObject({
      action: 'update',
      status: 'applied',
      preview: true,
      environments: [{ name: 'PR 12', action: 'delete', status: 'applied' }],
    });
  });

  it('sweeps only the marked environments of closed pull requests, waiting out a GitHub rate limit', async () => {
    const seeded = sandbox.getEnvironments(PRODUCTION_ID);
    sandbox.setEnvironments(PRODUCTION_ID, [
      ...seeded,
      seedEnvironment('e1000000-0000-4000-8000-000000000005', 'PR 5', 'acme/analytics#5'),
      seedEnvironment('e1000000-0000-4000-8000-000000000006', 'PR 6', 'acme/analytics#6'),
      // A look-alike a person made: same name pattern, no marker.
      seedEnvironment('e1000000-0000-4000-8000-000000000007', 'PR 7'),
      // Marked, but for another repository's pull request.
      seedEnvironment('e1000000-0000-4000-8000-000000000008', 'Fork PR 6', 'acme/other#6'),
    ]);
    github.setFailure('rate-limited', { times: 1, status: 403, resetAfterSeconds: 1 });

    const sweep = await run({ eventName: 'schedule', event: {} });
    expect(sweep.exitCode, sweep.stdout).toBe(0);
    expectNoSecrets(sweep);
    expect(sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name)).not.toContain(
      'PR 6',
    );
    expect(sandbox.getEnvironments(PRODUCTION_ID)).toHaveLength(seeded.length + 3);
    expect(
      sandbox.requests
        .filter((request) => request.method === 'DELETE')
        .map((request) => request.path.split('/').at(-1)),
    ).toEqual(['e1000000-0000-4000-8000-000000000006']);
    const pulls = github.requests.filter((request) => request.path.startsWith('/repos/acme/analytics/pulls'));
    expect(pulls.map((request) => request.status)).toEqual([403, 200]);
    expect(sweep.stdout).toContain('rate limit was reached: waiting');
    expect(sweep.summary).toContain('Deleted 1 preview environment of closed pull requests.');
    // No pull request of the event: no comment.
    expect(github.comments).toEqual([]);
  });

  describe('a sweep that cannot read the open pull requests with certainty', () => {
    const seedPreviews = () => {
      const seeded = sandbox.getEnvironments(PRODUCTION_ID);
      sandbox.setEnvironments(PRODUCTION_ID, [
        ...seeded,
        seedEnvironment('e1000000-0000-4000-8000-000000000005', 'PR 5', 'acme/analytics#5'),
        seedEnvironment('e1000000-0000-4000-8000-000000000006', 'PR 6', 'acme/analytics#6'),
        seedEnvironment('e1000000-0000-4000-8000-000000000008', 'PR 8', 'acme/analytics#8'),
      ]);
      return sandbox.getEnvironments(PRODUCTION_ID);
    };

    it.each([
      ['object', 'is an object, not a list of pull requests'],
      ['null', 'is null, not a list of pull requests'],
      ['numbers-as-strings', 'has missing or mistyped fields: 0.number'],
      ['missing-number', 'has missing or mistyped fields: 0.number'],
      ['not-open', 'has missing or mistyped fields: 0.state'],
      ['page-fails', 'page 2 of the open pull requests failed: HTTP 500'],
      ['next-loops', 'points to a page already read, so the list would never end'],
      ['next-unfollowable', 'cannot be followed: it names a next page without a <URL>'],
    ] as const)('deletes nothing and fails when the list is %s', async (fault, says) => {
      const before = seedPreviews();
      github.setPullRequest({ repo: 'acme/analytics', number: 8, state: 'open' });
      // One pull request a page: the two open ones take two pages.
      github.setPullsPageLimit(1);
      github.setPullListFault(fault);

      const sweep = await run({ eventName: 'schedule', event: {} });
      expect(sweep.exitCode, sweep.stdout).toBe(1);
      expectNoSecrets(sweep);
      expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
      expect(sandbox.getEnvironments(PRODUCTION_ID)).toEqual(before);
      const result = JSON.parse(sweep.outputs.result ?? '{}');
      expect(result.connections[0]).toMatchObject({ status: 'failed', preview: true });
      expect(result.connections[0].error).toContain(says);
      expect(result.connections[0].error).toContain('Nothing was deleted.');
      expect(sweep.summary).toContain('Could not read which pull requests of acme/analytics are open');
      expect(sweep.outputs.failed).toBe('1');
    });

    it('reads every page: the previews of open pull requests on later pages are kept', async () => {
      seedPreviews();
      github.setPullRequest({ repo: 'acme/analytics', number: 8, state: 'open' });
      github.setPullsPageLimit(1);

      const sweep = await run({ eventName: 'schedule', event: {} });
      expect(sweep.exitCode, sweep.stdout).toBe(0);
      expect(
        sandbox.requests
          .filter((request) => request.method === 'DELETE')
          .map((request) => request.path.split('/').at(-1)),
      ).toEqual(['e1000000-0000-4000-8000-000000000006']);
      const names = sandbox.getEnvironments(PRODUCTION_ID).map((environment) => environment.name);
      expect(names).toEqual(expect.arrayContaining(['PR 5', 'PR 8']));
      const pages = github.requests.filter((request) =>
        request.path.startsWith('/repos/acme/analytics/pulls'),
      );
      expect(pages).toHaveLength(2);
    });
  });

  it('fails a close whose DELETE Omni answers 404 while it still lists the environment', async () => {
    const opened = await run({ eventName: 'pull_request', event: pullRequestEvent('opened') });
    expect(opened.exitCode, opened.stdout).toBe(0);
    // A 404 that is not the environment being gone (a proxy's, a route's): the environment stays listed.
    sandbox.script({ method: 'DELETE', route: 'environments' }, [
      { status: 404, body: { error: 'Not Found', message: 'No route matches' } },
    ]);
    const closed = await run({ eventName: 'pull_request', event: pullRequestEvent('closed') });
    expect(closed.exitCode, closed.stdout).toBe(1);
    expect(previewsOf(PRODUCTION_ID).map((environment) => environment.name)).toEqual(['PR 12']);
    const result = JSON.parse(closed.outputs.result ?? '{}');
    expect(result.connections[0]).toMatchObject({
      status: 'failed',
      httpStatus: 404,
      environments: [{ name: 'PR 12', action: 'delete', status: 'failed' }],
    });
    expect(closed.summary).toContain('Deleting the preview environment "PR 12" failed.');
    expect(closed.summary).not.toContain('Deleted 1 preview environment');
  });

  it("keeps Omni's default environment on close even when it carries the pull request's marker", async () => {
    const seeded = sandbox.getEnvironments(PRODUCTION_ID);
    sandbox.setEnvironments(
      PRODUCTION_ID,
      seeded.map((environment) =>
        environment.isDefaultEnvironment
          ? {
              ...environment,
              variables: [
                ...environment.variables,
                { name: 'OMNI_DBT_PREVIEW', isSecret: false, value: 'acme/analytics#12' },
              ],
            }
          : environment,
      ),
    );
    const defaultEnvironment = sandbox.getEnvironments(PRODUCTION_ID).find((e) => e.isDefaultEnvironment);
    expect(defaultEnvironment).toBeDefined();

    const closed = await run({ eventName: 'pull_request', event: pullRequestEvent('closed') });
    expect(closed.exitCode, closed.stdout).toBe(0);
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(sandbox.getEnvironments(PRODUCTION_ID).map((e) => e.id)).toEqual(seeded.map((e) => e.id));
    expect(sandbox.getEnvironments(PRODUCTION_ID).find((e) => e.isDefaultEnvironment)).toEqual(
      defaultEnvironment,
    );
    expect(closed.summary).toContain(
      "Omni's default environment is never deleted, even with a preview marker",
    );
    const result = JSON.parse(closed.outputs.result ?? '{}');
    expect(result.connections[0]).toMatchObject({
      status: 'unchanged',
      environments: [{ name: defaultEnvironment?.name, action: 'unmanaged', status: 'unmanaged' }],
    });
  });

  it('sends nothing to Omni for a fork pull request, says so and passes', async () => {
    const fork = await run({
      eventName: 'pull_request',
      event: pullRequestEvent('opened', { fork: true }),
      inputs: { 'api-token': '' },
    });
    expect(fork.exitCode, fork.stdout).toBe(0);
    expect(sandbox.requests).toEqual([]);
    expect(fork.summary).toContain('This pull request comes from a fork: forks get no preview environment');
    expect(github.comments).toEqual([]);
    expectNoSecrets(fork);
  });

  it('sends nothing on a push, with a note', async () => {
    const push = await run({ eventName: 'push', event: { repository: { default_branch: 'main' } } });
    expect(push.exitCode, push.stdout).toBe(0);
    expect(sandbox.requests).toEqual([]);
    expect(push.summary).toContain('mode: preview has nothing to do on a "push" event');
  });

  it('fails the connection with a hint when the branch does not exist in Omni', async () => {
    const missing = await run({
      eventName: 'pull_request',
      event: pullRequestEvent('opened', { head: 'feature/not-in-omni' }),
    });
    expect(missing.exitCode, missing.stdout).toBe(1);
    expectNoSecrets(missing);
    const result = JSON.parse(missing.outputs.result ?? '{}');
    expect(result.connections[0]).toMatchObject({
      status: 'failed',
      preview: true,
      environments: [{ name: 'PR 12', binding: { branchName: 'feature/not-in-omni', status: 'failed' } }],
    });
    expect(missing.summary).toContain('Create the branch "feature/not-in-omni" of the model');
    expect(missing.stdout).toContain('Create the branch "feature/not-in-omni" of the model');
  });
});
