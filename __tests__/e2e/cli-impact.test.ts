// `omni-dbt impact` end to end: the built CLI in a git checkout of a dbt project whose HEAD changes the orders
// model (pull request #12 of the sandbox's story), against the sandbox over real HTTP. Needs dist/.
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import {
  bindPullRequestBranch,
  createPullRequestCheckout,
  MODEL_ID,
  PR_BRANCH,
  writePreviewConfig,
} from '../../scripts/pull-request-12.js';
import { runBuiltCli } from '../support/built-cli.js';

const TOKEN = 'cli-impact-token-9e21';
const CONFIG = writePreviewConfig({ isCreatingBranch: false });

describe('omni-dbt impact with the built CLI', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let checkout: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN], refreshDurationMs: 500 });
    checkout = await createPullRequestCheckout(CONFIG);
  });
  afterEach(() => {
    // The shared model is never refreshed, and nothing but the branch's refresh is written.
    const writes = sandbox.requests.filter((request) => request.method !== 'GET');
    for (const write of writes) {
      expect(write.route).toBe('refresh');
      expect(new URL(write.path, sandbox.url).searchParams.get('branch_id')).toBeTruthy();
    }
    sandbox.reset();
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(checkout, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    runBuiltCli(['impact', '--branch', PR_BRANCH, ...args], {
      cwd: checkout,
      env: { OMNI_URL: sandbox.url, OMNI_API_TOKEN: TOKEN, NO_COLOR: '1' },
    });

  it('refreshes the branch with --refresh, then names the dashboards it breaks and exits 1', async () => {
    bindPullRequestBranch(sandbox);
    const result = await run(['--refresh']);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      '✗ breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed',
    );
    expect(result.stdout).toContain('new: Revenue overview — Revenue by month');
    expect(result.stdout).toContain(`${sandbox.url}/dashboards/rev-overview`);
    // git diff main...HEAD: orders.sql changed, so the dashboards on the dbt model orders are at risk.
    expect(result.stdout).toContain(
      'at risk (dbt model orders): Customer regions, Discounts (legacy), Net revenue, Revenue overview',
    );
    expect(result.stderr).toContain(`Snowflake production: refreshing the schema of branch "${PR_BRANCH}"`);
    expect(sandbox.requests.filter((request) => request.route === 'refresh')).toHaveLength(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
  });

  it('checks the branch as it is without --refresh, and prints the JSON with --json', async () => {
    bindPullRequestBranch(sandbox);
    const result = await run(['--json']);
    // Never refreshed, the branch sees the shared model's schema: nothing new.
    expect(result.exitCode, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ mode: 'impact', branch: PR_BRANCH, base: 'main' });
    // Net revenue and Discounts (legacy) broken on both sides, the model's error and warning on both: 4, none new.
    expect(output.connections[0].impact).toMatchObject({
      refreshed: false,
      newIssues: [],
      newModelIssues: [],
      existing: 4,
    });
    expect(sandbox.requests.filter((request) => request.route === 'refresh')).toEqual([]);
  });

  it('fails with a hint for a branch Omni does not have', async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`Omni has no branch "${PR_BRANCH}" of model ${MODEL_ID}`);
  });
});
