// The environment and model-branch endpoint families against the sandbox over real HTTP: cursor paging and
// the plain-array answer, writes and their retry rules, branch binding.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { createOmniClient } from '../../src/core/omni/client.js';
import { OmniError, OmniHttpError, OmniListError } from '../../src/core/omni/errors.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';
import type { RetryInfo } from '../../src/core/omni/transport.js';
import { PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const DEFAULT_ENVIRONMENT_ID = '0e000000-0000-4000-8000-000000000001';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function makeClient() {
  const retries: RetryInfo[] = [];
  const client = createOmniClient({
    apiBaseUrl: `${sandbox.url}/api`,
    token: TOKEN,
    timeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 },
    random: () => 0.5,
    onRetry: (info) => retries.push(info),
    pacer: createPacer({ maxRequestsPerMinute: 1000, now: Date.now, sleep: sleepUnlessAborted }),
  });
  return { client, retries };
}

const environmentRequests = () => sandbox.requests.filter((r) => r.route === 'environments');

async function catchError(promise: Promise<unknown>): Promise<OmniError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OmniError);
    return error as OmniError;
  }
  throw new Error('expected the call to fail');
}

describe('listEnvironments', () => {
  it('follows the cursor across pages and returns every environment once', async () => {
    const { client } = makeClient();
    const environments = await client.listEnvironments(PRODUCTION_ID);
    const stored = sandbox.getEnvironments(PRODUCTION_ID);
    expect(environments.map((e) => e.id).sort()).toEqual(stored.map((e: { id: string }) => e.id).sort());
    expect(environments.length).toBeGreaterThan(3);
    // The sandbox pages at 3 whatever is asked: two pages, the second with the cursor.
    const paths = environmentRequests().map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toContain('pageSize=100');
    expect(paths[1]).toMatch(/cursor=/);
  });

  it('refuses a list whose cursor repeats instead of taking it as the end', async () => {
    sandbox.setEnvironmentPaging('repeat-cursor');
    const { client } = makeClient();
    const error = await catchError(client.listEnvironments(PRODUCTION_ID));
    expect(error).toBeInstanceOf(OmniListError);
    expect(error.message).toBe(
      `GET /v1/connections/${PRODUCTION_ID}/dbt/environments: Omni's list cannot be read whole: page 2 of the environments gives a cursor an earlier page gave, so the pages would never end`,
    );
    expect(environmentRequests()).toHaveLength(2);
  });

  it('refuses a page that says more follow but gives no cursor', async () => {
    sandbox.setEnvironmentPaging('no-cursor');
    const { client } = makeClient();
    const error = await catchError(client.listEnvironments(PRODUCTION_ID));
    expect(error).toBeInstanceOf(OmniListError);
    expect(error.message).toContain(
      'page 1 of the environments says there is a next page but gives no cursor',
    );
    expect(environmentRequests()).toHaveLength(1);
  });

  it('answers secrets as null, never their value', async () => {
    const { client } = makeClient();
    const environments = await client.listEnvironments(PRODUCTION_ID);
    const secret = environments
      .flatMap((e) => e.variables)
      .find((variable) => variable.name === 'DBT_CLOUD_API_KEY');
    expect(secret).toMatchObject({ isSecret: true, value: null });
  });

  it('accepts the plain array that docs.omni.co shows', async () => {
    sandbox.setEnvironmentListShape('array');
    const { client } = makeClient();
    const environments = await client.listEnvironments(STAGING_ID);
    expect(environments.map((e) => e.name).sort()).toEqual(['CI', 'Production']);
    expect(environmentRequests()).toHaveLength(1);
  });

  it('says which fields of an answer are off the contract', async () => {
    sandbox.script({ route: 'environments', method: 'GET' }, [
      { status: 200, body: { pageInfo: { hasNextPage: false, nextCursor: null }, records: [{ id: 1 }] } },
    ]);
    const { client } = makeClient();
    const error = await catchError(client.listEnvironments(STAGING_ID));
    expect(error.message).toMatch(/the environment list has missing or mistyped fields/);
  });
});

describe('environment writes', () => {
  it('creates, updates and deletes an environment', async () => {
    const { client } = makeClient();
    const created = await client.createEnvironment(STAGING_ID, {
      name: 'Preview',
      targetSchema: 'dbt_pr_1',
      targetDatabase: null,
      targetRole: null,
      targetName: null,
      variables: [{ name: 'TOKEN', isSecret: true, value: 'pr-secret-value' }],
    });
    expect(created).toMatchObject({ name: 'Preview', ownerId: null, isDefaultEnvironment: false });
    expect(created.variables[0]).toMatchObject({ name: 'TOKEN', isSecret: true, value: null });

    const variableId = created.variables[0]?.id ?? '';
    const updated = await client.updateEnvironment(STAGING_ID, created.id, {
      name: 'Preview',
      targetSchema: 'dbt_pr_2',
      targetDatabase: 'DB',
      targetRole: null,
      targetName: null,
      variables: [{ id: variableId, isSecret: true }],
    });
    expect(updated).toMatchObject({ targetSchema: 'dbt_pr_2', targetDatabase: 'DB' });
    const stored = sandbox.getEnvironments(STAGING_ID).find((e: { id: string }) => e.id === created.id) as {
      variables: { value: string }[];
    };
    // Left without a value, the secret keeps the one it had.
    expect(stored.variables[0]?.value).toBe('pr-secret-value');

    await client.deleteEnvironment(STAGING_ID, created.id);
    expect(sandbox.getEnvironments(STAGING_ID).map((e: { id: string }) => e.id)).not.toContain(created.id);
  });

  it('retries an idempotent update after a 503, but not a create whose answer was lost', async () => {
    const { client, retries } = makeClient();
    sandbox.script({ route: 'environments', method: 'POST' }, [{ applyThen: { status: 503 } }]);
    const error = await catchError(
      client.createEnvironment(STAGING_ID, {
        name: 'Once',
        targetSchema: 's',
        targetDatabase: null,
        targetRole: null,
        targetName: null,
        variables: [],
      }),
    );
    expect(error).toBeInstanceOf(OmniHttpError);
    expect(error.isOutcomeUncertain).toBe(true);
    expect(error.message).toContain('may or may not have been created');
    expect(retries).toEqual([]);
    // One POST reached Omni: exactly one environment, never a duplicate.
    expect(
      sandbox.getEnvironments(STAGING_ID).filter((e: { name: string }) => e.name === 'Once'),
    ).toHaveLength(1);

    sandbox.script({ route: 'environments', method: 'PUT' }, [{ status: 503 }]);
    const ci = sandbox.getEnvironments(STAGING_ID).find((e: { name: string }) => e.name === 'CI') as {
      id: string;
    };
    await client.updateEnvironment(STAGING_ID, ci.id, {
      name: 'CI',
      targetSchema: 'ci_2',
      targetDatabase: null,
      targetRole: null,
      targetName: null,
      variables: [],
    });
    expect(retries).toHaveLength(1);
  });

  it('refuses to delete the default environment with a 400 and says why', async () => {
    const { client } = makeClient();
    const error = await catchError(client.deleteEnvironment(PRODUCTION_ID, DEFAULT_ENVIRONMENT_ID));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/default/i);
  });
});

describe('bindBranchEnvironment', () => {
  it('sets the dbt environment and git branch of a model branch whose name holds a slash', async () => {
    const { client } = makeClient();
    await client.bindBranchEnvironment({
      modelId: MODEL_ID,
      branchName: 'feature/new-metrics',
      environmentId: DEFAULT_ENVIRONMENT_ID,
      gitBranch: 'feature/new-metrics',
    });
    expect(sandbox.getBranch(MODEL_ID, 'feature/new-metrics')).toEqual({
      dbtEnvironmentId: DEFAULT_ENVIRONMENT_ID,
      dbtGitBranch: 'feature/new-metrics',
    });
  });

  it('fails with a 404 for a branch Omni does not have', async () => {
    const { client } = makeClient();
    const error = await catchError(
      client.bindBranchEnvironment({
        modelId: MODEL_ID,
        branchName: 'nope',
        environmentId: DEFAULT_ENVIRONMENT_ID,
        gitBranch: 'nope',
      }),
    );
    expect(error.status).toBe(404);
  });
});
