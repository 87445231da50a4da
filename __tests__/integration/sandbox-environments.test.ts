// The Omni sandbox's dbt environment and branch-binding routes over real HTTP: paging, both list shapes,
// secrets, the default environment, refusals, both variable-omission behaviours, fault scripts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { BIGQUERY_ID, PRODUCTION_ID, STAGING_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const CLICKHOUSE = '3f6c2a1b-8e9d-4c7b-a5f4-1d2e3c4b5a69';
const MISSING = '00000000-0000-4000-8000-000000000000';
const PRODUCTION_DEFAULT = '0e000000-0000-4000-8000-000000000001';
const STAGING_CHECKS = '0e000000-0000-4000-8000-000000000002';
const ALICE_DEV = '0e000000-0000-4000-8000-000000000003';
const STAGING_CI = '0e000000-0000-4000-8000-000000000005';
const DBT_TARGET_VAR = '0f000000-0000-4000-8000-000000000001';
const SECRET_VAR = '0f000000-0000-4000-8000-000000000002';
const MODEL = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const SEEDED_SECRET = 'sandbox-seeded-secret-1';

interface EnvironmentAnswer {
  id: string;
  name: string;
  isDefaultEnvironment: boolean;
  ownerId: string | null;
  targetSchema: string;
  targetDatabase: string | null;
  variables: Array<{ id: string; name: string; isSecret: boolean; value: string | null }>;
}
interface ListAnswer {
  pageInfo: { hasNextPage: boolean; nextCursor: string | null; pageSize: number; totalRecords: number };
  records: EnvironmentAnswer[];
}

function call(sandbox: Sandbox, method: string, path: string, body?: unknown, token = TOKEN) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sandbox.url}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const environmentsPath = (connectionId: string) => `/v1/connections/${connectionId}/dbt/environments`;

/** Follows nextCursor until the last page, as a client must. */
async function listAll(sandbox: Sandbox, connectionId: string, query = '') {
  const pages: ListAnswer[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const response = await call(sandbox, 'GET', `${environmentsPath(connectionId)}?${params}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as ListAnswer;
    pages.push(page);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return pages;
}

describe('Omni sandbox: dbt environments', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    // close() rejects when the sandbox answered anything off the contract.
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  describe('list', () => {
    it('pages by cursor with the small default page size, every environment once', async () => {
      const pages = await listAll(sandbox, PRODUCTION_ID);
      expect(pages.map((p) => p.records.length)).toEqual([3, 1]);
      expect(pages[0]?.pageInfo).toMatchObject({ hasNextPage: true, pageSize: 3, totalRecords: 4 });
      expect(pages[1]?.pageInfo).toMatchObject({ hasNextPage: false, nextCursor: null });
      const names = pages.flatMap((p) => p.records.map((r) => r.name));
      // The contract's default order: by name, descending.
      expect(names).toEqual(['Staging checks', 'Production', 'Nightly full refresh', 'Alice dev']);
    });

    it('honours a smaller pageSize and sortDirection asc, and never answers more than its page size', async () => {
      const small = await listAll(sandbox, PRODUCTION_ID, 'pageSize=1&sortDirection=asc');
      expect(small.map((p) => p.records[0]?.name)).toEqual([
        'Alice dev',
        'Nightly full refresh',
        'Production',
        'Staging checks',
      ]);
      const asked = await call(sandbox, 'GET', `${environmentsPath(PRODUCTION_ID)}?pageSize=100`);
      expect(((await asked.json()) as ListAnswer).records).toHaveLength(3);
      sandbox.setEnvironmentPageSize(2);
      expect((await listAll(sandbox, PRODUCTION_ID)).map((p) => p.records.length)).toEqual([2, 2]);
    });

    it('refuses a cursor it did not give and a pageSize out of the contract', async () => {
      const badCursor = await call(sandbox, 'GET', `${environmentsPath(PRODUCTION_ID)}?cursor=bogus`);
      expect(badCursor.status).toBe(400);
      const badSize = await call(sandbox, 'GET', `${environmentsPath(PRODUCTION_ID)}?pageSize=0`);
      expect(badSize.status).toBe(400);
      expect(await badSize.json()).toMatchObject({ message: 'pageSize must be >= 1' });
    });

    it("answers a plain array with environmentListShape 'array', as docs.omni.co shows", async () => {
      sandbox.setEnvironmentListShape('array');
      const response = await call(sandbox, 'GET', environmentsPath(PRODUCTION_ID));
      const body = (await response.json()) as EnvironmentAnswer[];
      expect(Array.isArray(body)).toBe(true);
      expect(body).toHaveLength(4);
      sandbox.reset();
      const paged = await call(sandbox, 'GET', environmentsPath(PRODUCTION_ID));
      expect(await paged.json()).toHaveProperty('pageInfo');
    });

    it('answers secret values as null while storing them, and shows personal environments with ownerId', async () => {
      const records = (await listAll(sandbox, PRODUCTION_ID)).flatMap((p) => p.records);
      const production = records.find((r) => r.id === PRODUCTION_DEFAULT);
      expect(production?.variables).toContainEqual({
        id: SECRET_VAR,
        name: 'DBT_CLOUD_API_KEY',
        isSecret: true,
        value: null,
      });
      expect(records.find((r) => r.id === ALICE_DEV)?.ownerId).not.toBeNull();
      const stored = sandbox.getEnvironments(PRODUCTION_ID).find((e) => e.id === PRODUCTION_DEFAULT);
      expect(stored?.variables.find((v) => v.id === SECRET_VAR)?.value).toBe(SEEDED_SECRET);
    });

    it('answers 404 for an unknown connection or dbt not configured, 403 when the dialect has no dbt', async () => {
      expect((await call(sandbox, 'GET', environmentsPath(MISSING))).status).toBe(404);
      expect((await call(sandbox, 'GET', environmentsPath(BIGQUERY_ID))).status).toBe(404);
      expect((await call(sandbox, 'GET', environmentsPath(CLICKHOUSE))).status).toBe(403);
      expect((await call(sandbox, 'GET', environmentsPath('not-a-uuid'))).status).toBe(400);
    });
  });

  describe('create', () => {
    it('creates a shared environment (201), storing a secret and answering it as null', async () => {
      const response = await call(sandbox, 'POST', environmentsPath(STAGING_ID), {
        name: 'PR 12',
        targetSchema: 'dbt_pr_12',
        variables: [
          { name: 'OMNI_DBT_PREVIEW', isSecret: false, value: 'acme/analytics#12' },
          { name: 'TOKEN', isSecret: true, value: 's3cr3t-value' },
        ],
      });
      expect(response.status).toBe(201);
      const created = (await response.json()) as EnvironmentAnswer;
      expect(created).toMatchObject({ name: 'PR 12', isDefaultEnvironment: false, ownerId: null });
      expect(created.variables.map((v) => v.value)).toEqual(['acme/analytics#12', null]);
      const stored = sandbox.getEnvironments(STAGING_ID).find((e) => e.id === created.id);
      expect(stored?.variables.map((v) => v.value)).toEqual(['acme/analytics#12', 's3cr3t-value']);
      expect(sandbox.requests.at(-1)).toMatchObject({ route: 'environments', connectionId: STAGING_ID });
    });

    it('refuses a duplicate name (any case) and a body off the contract, creating nothing', async () => {
      const duplicate = await call(sandbox, 'POST', environmentsPath(STAGING_ID), {
        name: 'ci',
        targetSchema: 'x',
      });
      expect(duplicate.status).toBe(400);
      expect(await duplicate.json()).toMatchObject({ message: expect.stringContaining('already exists') });
      const noSchema = await call(sandbox, 'POST', environmentsPath(STAGING_ID), { name: 'New' });
      expect(noSchema.status).toBe(400);
      expect(sandbox.getEnvironments(STAGING_ID)).toHaveLength(2);
    });
  });

  describe('update', () => {
    const productionPath = `${environmentsPath(PRODUCTION_ID)}/${PRODUCTION_DEFAULT}`;

    it('updates by variable id, keeps a secret whose value is left out, creates variables without id', async () => {
      const response = await call(sandbox, 'PUT', productionPath, {
        name: 'Production',
        targetSchema: 'analytics_v2',
        variables: [
          { id: DBT_TARGET_VAR, isSecret: false, value: 'prod' },
          { id: SECRET_VAR, isSecret: true },
          { name: 'NEW_ONE', isSecret: false, value: 'n' },
        ],
      });
      expect(response.status).toBe(200);
      const stored = sandbox.getEnvironments(PRODUCTION_ID).find((e) => e.id === PRODUCTION_DEFAULT);
      expect(stored?.targetSchema).toBe('analytics_v2');
      expect(stored?.targetDatabase).toBe('ANALYTICS');
      expect(stored?.variables.map((v) => [v.name, v.value])).toEqual([
        ['DBT_TARGET', 'prod'],
        ['DBT_CLOUD_API_KEY', SEEDED_SECRET],
        ['NEW_ONE', 'n'],
      ]);
    });

    it('refuses an unknown variable id, a renamed variable and a duplicate new name, changing nothing', async () => {
      const before = sandbox.getEnvironments(PRODUCTION_ID);
      const unknown = await call(sandbox, 'PUT', productionPath, {
        name: 'Production',
        targetSchema: 'changed',
        variables: [{ id: MISSING, isSecret: false, value: 'x' }],
      });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ message: expect.stringContaining(MISSING) });
      const renamed = await call(sandbox, 'PUT', productionPath, {
        name: 'Production',
        targetSchema: 'changed',
        variables: [{ id: DBT_TARGET_VAR, name: 'OTHER', isSecret: false, value: 'x' }],
      });
      expect(renamed.status).toBe(400);
      const duplicate = await call(sandbox, 'PUT', productionPath, {
        name: 'Production',
        targetSchema: 'changed',
        variables: [{ name: 'DBT_TARGET', isSecret: false, value: 'x' }],
      });
      expect(duplicate.status).toBe(400);
      // A variable id of another environment is unknown to this one.
      const foreign = await call(sandbox, 'PUT', `${environmentsPath(PRODUCTION_ID)}/${STAGING_CHECKS}`, {
        name: 'Staging checks',
        targetSchema: 'changed',
        variables: [{ id: DBT_TARGET_VAR, isSecret: false, value: 'x' }],
      });
      expect(foreign.status).toBe(400);
      expect(sandbox.getEnvironments(PRODUCTION_ID)).toEqual(before);
    });

    it("keeps the variables a PUT leaves out with variablesOmittedOnUpdate 'keep' (the default)", async () => {
      await call(sandbox, 'PUT', productionPath, {
        name: 'Production',
        targetSchema: 'analytics',
        variables: [{ id: DBT_TARGET_VAR, isSecret: false, value: 'prod' }],
      });
      const stored = sandbox.getEnvironments(PRODUCTION_ID).find((e) => e.id === PRODUCTION_DEFAULT);
      expect(stored?.variables.map((v) => v.name)).toEqual(['DBT_TARGET', 'DBT_CLOUD_API_KEY']);
    });

    it("removes the variables a PUT leaves out with variablesOmittedOnUpdate 'remove'", async () => {
      const sandboxRemoving = await startSandbox({ variablesOmittedOnUpdate: 'remove' });
      try {
        const response = await call(sandboxRemoving, 'PUT', productionPath, {
          name: 'Production',
          targetSchema: 'analytics',
          variables: [{ id: DBT_TARGET_VAR, isSecret: false, value: 'prod' }],
        });
        const body = (await response.json()) as EnvironmentAnswer;
        expect(body.variables.map((v) => v.name)).toEqual(['DBT_TARGET']);
        const stored = sandboxRemoving
          .getEnvironments(PRODUCTION_ID)
          .find((e) => e.id === PRODUCTION_DEFAULT);
        expect(stored?.variables.map((v) => v.name)).toEqual(['DBT_TARGET']);
      } finally {
        await sandboxRemoving.close();
      }
    });

    it('answers 404 for an environment of another connection', async () => {
      const response = await call(sandbox, 'PUT', `${environmentsPath(PRODUCTION_ID)}/${STAGING_CI}`, {
        name: 'CI',
        targetSchema: 'x',
      });
      expect(response.status).toBe(404);
    });
  });

  describe('delete', () => {
    it('deletes a shared environment and refuses the default one with a message', async () => {
      const deleted = await call(sandbox, 'DELETE', `${environmentsPath(PRODUCTION_ID)}/${STAGING_CHECKS}`);
      expect(deleted.status).toBe(200);
      expect(await deleted.json()).toEqual({
        message: 'dbt environment deleted successfully',
        success: true,
      });
      const refused = await call(
        sandbox,
        'DELETE',
        `${environmentsPath(PRODUCTION_ID)}/${PRODUCTION_DEFAULT}`,
      );
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        message: expect.stringContaining('default dbt environment'),
      });
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((e) => e.id)).not.toContain(STAGING_CHECKS);
      expect(sandbox.getEnvironments(PRODUCTION_ID).map((e) => e.id)).toContain(PRODUCTION_DEFAULT);
    });

    it('refuses writes to a read-only token', async () => {
      const readOnly = await startSandbox({ readOnlyTokens: ['viewer'] });
      try {
        const path = `${environmentsPath(PRODUCTION_ID)}/${STAGING_CHECKS}`;
        expect((await call(readOnly, 'DELETE', path, undefined, 'viewer')).status).toBe(403);
        expect(readOnly.getEnvironments(PRODUCTION_ID)).toHaveLength(4);
      } finally {
        await readOnly.close();
      }
    });
  });

  it('creates the default environment when dbt is first configured, once', async () => {
    expect(sandbox.getEnvironments(BIGQUERY_ID)).toEqual([]);
    const settings = {
      sshUrl: 'git@github.com:acme/analytics.git',
      branch: 'main',
      autogenRelationships: true,
      enableVirtualSchemas: false,
    };
    expect((await call(sandbox, 'PUT', `/v1/connections/${BIGQUERY_ID}/dbt`, settings)).status).toBe(200);
    await call(sandbox, 'PUT', `/v1/connections/${BIGQUERY_ID}/dbt`, { ...settings, branch: 'next' });
    const records = (await listAll(sandbox, BIGQUERY_ID)).flatMap((p) => p.records);
    expect(records).toEqual([
      expect.objectContaining({
        name: 'Production',
        isDefaultEnvironment: true,
        targetSchema: 'public',
        ownerId: null,
        variables: [],
      }),
    ]);
  });

  it('seeds environments through setEnvironments and setConnection, and reset() restores the seed', async () => {
    sandbox.setEnvironments(STAGING_ID, [{ name: 'Only', targetSchema: 's', isDefaultEnvironment: true }]);
    expect(sandbox.getEnvironments(STAGING_ID).map((e) => e.name)).toEqual(['Only']);
    sandbox.reset();
    expect(sandbox.getEnvironments(STAGING_ID).map((e) => e.id)).toEqual([
      '0e000000-0000-4000-8000-000000000004',
      STAGING_CI,
    ]);
  });

  it('checks its own answers against the contract: an off-contract record becomes a 500 and a violation', async () => {
    sandbox.setEnvironments(STAGING_ID, [{ id: 'not-a-uuid', name: 'Broken', targetSchema: 's' }]);
    const response = await call(sandbox, 'GET', environmentsPath(STAGING_ID));
    expect(response.status).toBe(500);
    expect(sandbox.violations).toEqual([expect.stringContaining('must match format "uuid"')]);
    sandbox.reset();
    expect(sandbox.violations).toEqual([]);
  });

  it('plays fault scripts on the environment routes only when the matcher names them', async () => {
    sandbox.script({ method: 'GET', connectionId: PRODUCTION_ID, route: 'environments' }, [{ status: 503 }]);
    sandbox.script({ method: 'GET', connectionId: PRODUCTION_ID }, [{ status: 502 }]);
    expect((await call(sandbox, 'GET', environmentsPath(PRODUCTION_ID))).status).toBe(503);
    expect((await call(sandbox, 'GET', environmentsPath(PRODUCTION_ID))).status).toBe(200);
    expect((await call(sandbox, 'GET', `/v1/connections/${PRODUCTION_ID}/dbt`)).status).toBe(502);
    expect(sandbox.countPendingSteps()).toBe(0);
    expect(sandbox.requests.map((r) => [r.route, r.status, r.faulted ?? null])).toEqual([
      ['environments', 503, 'status:503'],
      ['environments', 200, null],
      ['dbt', 502, 'status:502'],
    ]);
  });
});

describe('Omni sandbox: branch dbt environment', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  const branchPath = (model: string, branch: string) =>
    `/v1/models/${model}/branch/${encodeURIComponent(branch)}/dbt`;

  it('binds an environment to a branch whose name holds a slash (sent as %2F)', async () => {
    const response = await call(sandbox, 'POST', branchPath(MODEL, 'feature/new-metrics'), {
      dbt_environment_id: STAGING_CHECKS,
      dbt_git_branch: 'feature/new-metrics',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    expect(sandbox.getBranch(MODEL, 'feature/new-metrics')).toEqual({
      dbtEnvironmentId: STAGING_CHECKS,
      dbtGitBranch: 'feature/new-metrics',
    });
    expect(sandbox.requests.at(-1)).toMatchObject({ route: 'branch', connectionId: null, status: 200 });
  });

  it('answers 404 for an unknown model or branch, and for a slash sent raw', async () => {
    const body = { dbt_environment_id: STAGING_CHECKS };
    expect((await call(sandbox, 'POST', branchPath(MISSING, 'main'), body)).status).toBe(404);
    const noBranch = await call(sandbox, 'POST', branchPath(MODEL, 'feature/missing'), body);
    expect(noBranch.status).toBe(404);
    expect(await noBranch.json()).toMatchObject({ message: expect.stringContaining('feature/missing') });
    const raw = await call(sandbox, 'POST', `/v1/models/${MODEL}/branch/feature/new-metrics/dbt`, body);
    expect(raw.status).toBe(404);
    expect(sandbox.getBranch(MODEL, 'feature/new-metrics')?.dbtEnvironmentId).toBeNull();
  });

  it('answers 400 for an environment that does not exist, or of another connection, or no id', async () => {
    const missing = await call(sandbox, 'POST', branchPath(MODEL, 'main'), { dbt_environment_id: MISSING });
    expect(missing.status).toBe(400);
    const foreign = await call(sandbox, 'POST', branchPath(MODEL, 'main'), {
      dbt_environment_id: STAGING_CI,
    });
    expect(foreign.status).toBe(400);
    expect((await call(sandbox, 'POST', branchPath(MODEL, 'main'), {})).status).toBe(400);
    expect(sandbox.getBranch(MODEL, 'main')?.dbtEnvironmentId).toBe(PRODUCTION_DEFAULT);
  });

  it('binds to an environment just created, and seeds models through setModel', async () => {
    sandbox.setModel(MISSING, { branches: { 'pr-7': {} } });
    const created = await call(sandbox, 'POST', environmentsPath(STAGING_ID), {
      name: 'PR 7',
      targetSchema: 'dbt_pr_7',
    });
    const { id } = (await created.json()) as EnvironmentAnswer;
    const bound = await call(sandbox, 'POST', branchPath(MISSING, 'pr-7'), { dbt_environment_id: id });
    expect(bound.status).toBe(200);
    expect(sandbox.getModel(MISSING)?.branches['pr-7']).toEqual({ dbtEnvironmentId: id, dbtGitBranch: null });
  });
});
