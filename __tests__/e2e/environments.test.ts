// dbt environments end to end: the built action (dist/index.js as a process) against the sandbox over real
// HTTP. Plans write nothing; an apply writes exactly what its plan said, in order, and reads it back; a
// second apply writes nothing; personal environments and the default one are safe; secrets stay secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, runBuiltAction } from '../../scripts/runner.js';
import { BIGQUERY_ID, PRODUCTION_ID } from '../support/dbt-fixtures.js';

const TOKEN = 'sandbox-token';
const SECRET = 'e2e-secret-value-7f3a9c';
const NEW_SECRET = 'e2e-rotated-secret-b21d';
const PERSONAL_ID = '0e000000-0000-4000-8000-000000000003';
const DEFAULT_ID = '0e000000-0000-4000-8000-000000000001';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface StoredEnvironment {
  id: string;
  name: string;
  ownerId: string | null;
  isDefaultEnvironment: boolean;
  targetSchema: string;
  targetDatabase: string | null;
  targetRole: string | null;
  targetName: string | null;
  variables: { id: string; name: string; isSecret: boolean; value: string }[];
}
interface ResultEnvironment {
  name: string;
  action: string;
  status: string;
  error: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

const SETTINGS = `
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  dbtVersion: "1.11"
  autogenRelationships: true
  enableVirtualSchemas: true
`;

/** Production's environments as the sandbox seeds them, with "Production" changed and one new. */
function buildConfig(options: { prune?: boolean; secretEnvName?: string } = {}): string {
  return `version: 1
${SETTINGS}
connections:
  - id: ${PRODUCTION_ID}
    name: Snowflake production
    projectRootPath: transform
    pruneEnvironments: ${options.prune === true}
    environments:
      - name: Production
        targetSchema: analytics_v2
        targetDatabase: ANALYTICS
        targetRole: TRANSFORMER
        targetName: prod
        variables:
          DBT_TARGET: production
          DBT_CLOUD_API_KEY: { fromEnv: ${options.secretEnvName ?? 'DBT_CLOUD_API_KEY'} }
      - name: Staging checks
        targetSchema: analytics_staging
        variables:
          DBT_TARGET: staging
      - name: CI
        targetSchema: dbt_ci
        variables:
          CI_TOKEN: { fromEnv: CI_TOKEN }
`;
}

describe('dbt environments with the built action', () => {
  let sandbox: Sandbox;
  const inputs = (extra: Record<string, string> = {}) => ({
    'omni-url': sandbox.url,
    'api-token': TOKEN,
    config: 'omni-dbt.yml',
    comment: 'false',
    ...extra,
  });
  const run = (
    config: string,
    extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
  ) =>
    runBuiltAction({
      inputs: inputs(extra.inputs),
      files: { 'omni-dbt.yml': config },
      event: PUSH_EVENT,
      env: { DBT_CLOUD_API_KEY: SECRET, CI_TOKEN: SECRET, ...extra.env },
    });
  const environmentsOf = (connectionId: string) =>
    sandbox.getEnvironments(connectionId) as unknown as StoredEnvironment[];
  const writes = () => sandbox.requests.filter((r) => r.route === 'environments' && r.method !== 'GET');
  const resultEnvironments = (outputs: Record<string, string>, connectionId = PRODUCTION_ID) => {
    const result = JSON.parse(outputs.result ?? '{}');
    const connection = result.connections.find((c: { id: string }) => c.id === connectionId);
    return (connection?.environments ?? []) as ResultEnvironment[];
  };
  /**
   * Every text a person or another step can see must be free of the token and the secrets. The runner
   * consumes `::add-mask::` commands (that is how a secret gets masked), so they are no visible text.
   */
  const expectNoSecrets = (done: { stdout: string; stderr: string; summary: string; outputs: object }) => {
    const log = done.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const visible = log + done.stderr + done.summary + JSON.stringify(done.outputs);
    for (const secret of [TOKEN, SECRET, NEW_SECRET, 'sandbox-seeded-secret-1']) {
      expect(visible).not.toContain(secret);
    }
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tokens: [TOKEN] });
  });
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it('plans on a pull request and writes nothing, paging beyond one page of environments', async () => {
    const done = await runBuiltAction({
      inputs: inputs(),
      files: { 'omni-dbt.yml': buildConfig({ prune: true }) },
      event: PULL_REQUEST_EVENT,
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      env: { DBT_CLOUD_API_KEY: SECRET, CI_TOKEN: SECRET },
    });
    expect(done.exitCode, done.stdout).toBe(0);
    expect(writes()).toEqual([]);
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    // Four environments at three a page: two list requests, the second with the cursor.
    const lists = sandbox.requests.filter((r) => r.route === 'environments' && r.method === 'GET');
    expect(lists).toHaveLength(2);
    expect(lists[1]?.path).toMatch(/cursor=/);
    expect(resultEnvironments(done.outputs).map((e) => [e.name, e.action, e.status])).toEqual([
      ['Production', 'update', 'planned'],
      ['Staging checks', 'unchanged', 'unchanged'],
      ['CI', 'create', 'planned'],
      ['Nightly full refresh', 'delete', 'planned'],
    ]);
    expect(done.outputs.changed).toBe('1');
    expect(done.summary).toContain(
      '**Plan:** 1 connection: 1 to update; 4 environments: 1 to create, 1 to update, 1 to delete, 1 unchanged.',
    );
    expectNoSecrets(done);
  });

  it('applies exactly what the plan said, in order, leaves the personal one alone, and a second apply writes nothing', async () => {
    const first = await run(buildConfig({ prune: true }));
    expect(first.exitCode, first.stdout).toBe(0);
    // Creates and updates, then deletes; no settings PUT (they match).
    expect(writes().map((r) => r.method)).toEqual(['PUT', 'POST', 'DELETE']);
    expect(sandbox.requests.filter((r) => r.route === 'dbt' && r.method === 'PUT')).toEqual([]);
    expect(resultEnvironments(first.outputs).map((e) => [e.name, e.status])).toEqual([
      ['Production', 'applied'],
      ['Staging checks', 'unchanged'],
      ['CI', 'applied'],
      ['Nightly full refresh', 'applied'],
    ]);

    const stored = environmentsOf(PRODUCTION_ID);
    expect(stored.map((e) => e.name).sort()).toEqual(['Alice dev', 'CI', 'Production', 'Staging checks']);
    const personal = stored.find((e) => e.id === PERSONAL_ID);
    expect(personal).toMatchObject({ name: 'Alice dev', targetSchema: 'dbt_alice' });
    const production = stored.find((e) => e.id === DEFAULT_ID);
    expect(production?.targetSchema).toBe('analytics_v2');
    // The existing secret was not sent again: Omni keeps the value it had.
    expect(production?.variables.find((v) => v.name === 'DBT_CLOUD_API_KEY')?.value).toBe(
      'sandbox-seeded-secret-1',
    );
    // A new secret is created with the value from the step's environment.
    const ci = stored.find((e) => e.name === 'CI');
    expect(ci?.variables).toEqual([
      expect.objectContaining({ name: 'CI_TOKEN', isSecret: true, value: SECRET }),
    ]);
    expectNoSecrets(first);

    sandbox.requests.length = 0;
    const second = await run(buildConfig({ prune: true }));
    expect(second.exitCode, second.stdout).toBe(0);
    expect(writes()).toEqual([]);
    expect(second.outputs.changed).toBe('0');
    expectNoSecrets(second);
  });

  it('sends every secret again with update-secrets, and shows it changed without its value', async () => {
    const done = await run(buildConfig(), {
      inputs: { 'update-secrets': 'true' },
      env: { DBT_CLOUD_API_KEY: NEW_SECRET },
    });
    expect(done.exitCode, done.stdout).toBe(0);
    const production = environmentsOf(PRODUCTION_ID).find((e) => e.id === DEFAULT_ID);
    expect(production?.variables.find((v) => v.name === 'DBT_CLOUD_API_KEY')?.value).toBe(NEW_SECRET);
    const change = resultEnvironments(done.outputs)
      .find((e) => e.name === 'Production')
      ?.changes.find((c) => c.field === 'variables.DBT_CLOUD_API_KEY');
    expect(change).toEqual({ field: 'variables.DBT_CLOUD_API_KEY', from: '(secret)', to: '(secret)' });
    expectNoSecrets(done);
  });

  it('fails only the connection whose needed fromEnv is unset, writing nothing of it', async () => {
    const config = `${buildConfig()}  - id: ${BIGQUERY_ID}
    name: BigQuery analytics
`;
    // CI is created, so its CI_TOKEN must be sent: empty counts as unset.
    const done = await run(config, { env: { CI_TOKEN: '' } });
    expect(done.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(sandbox.requests.filter((r) => r.connectionId === PRODUCTION_ID && r.method !== 'GET')).toEqual(
      [],
    );
    const result = JSON.parse(done.outputs.result ?? '{}');
    const statuses = result.connections.map((c: { id: string; status: string }) => [c.id, c.status]);
    expect(statuses).toEqual([
      [PRODUCTION_ID, 'failed'],
      [BIGQUERY_ID, 'applied'],
    ]);
    expect(result.connections[0].error).toContain(
      'CI_TOKEN (variable CI_TOKEN of environment "CI", to create it) is unset or empty in the step\'s environment; nothing of this connection was written.',
    );
    expectNoSecrets(done);
  });

  it('needs no value for a secret Omni already holds: its unset fromEnv is not checked, and the rest is applied', async () => {
    const done = await run(buildConfig({ secretEnvName: 'UNSET_SECRET' }));
    expect(done.exitCode, done.stdout).toBe(0);
    const production = environmentsOf(PRODUCTION_ID).find((e) => e.name === 'Production');
    expect(production?.targetSchema).toBe('analytics_v2');
    // Kept by id, never sent: the value Omni holds stays.
    expect(production?.variables.find((v) => v.name === 'DBT_CLOUD_API_KEY')?.value).toBe(
      'sandbox-seeded-secret-1',
    );
    expect(resultEnvironments(done.outputs).find((e) => e.name === 'Production')?.changes).toEqual([
      { field: 'targetSchema', from: 'analytics', to: 'analytics_v2' },
    ]);
    expect(done.summary).toContain(
      'Variable DBT\\_CLOUD\\_API\\_KEY was not checked: UNSET\\_SECRET is not set, and Omni already holds its secret value, which is kept.',
    );
    expectNoSecrets(done);
  });

  it('configures dbt first, then updates the default environment it created by name: never a second one', async () => {
    const config = `version: 1
${SETTINGS}
connections:
  - id: ${BIGQUERY_ID}
    name: BigQuery analytics
    environments:
      - name: Production
        targetSchema: bq_analytics
`;
    const dryRun = await runBuiltAction({
      inputs: inputs({ mode: 'dry-run' }),
      files: { 'omni-dbt.yml': config },
      event: PUSH_EVENT,
    });
    expect(dryRun.exitCode, dryRun.stdout).toBe(0);
    // The dry-run plans against the default environment Omni will create, so it shows the same update.
    expect(resultEnvironments(dryRun.outputs, BIGQUERY_ID).map((e) => [e.name, e.action])).toEqual([
      ['Production', 'update'],
    ]);

    const done = await run(config);
    expect(done.exitCode, done.stdout).toBe(0);
    const order = sandbox.requests
      .filter((r) => r.method !== 'GET' || r.route === 'environments')
      .map((r) => `${r.method} ${r.route}`);
    expect(order).toEqual(['PUT dbt', 'GET environments', 'PUT environments', 'GET environments']);
    const stored = environmentsOf(BIGQUERY_ID);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      name: 'Production',
      isDefaultEnvironment: true,
      targetSchema: 'bq_analytics',
    });
  });

  it.each(['keep', 'remove'] as const)(
    'keeps the variables the file does not list when an update would %s them, and says so truthfully',
    async (mode) => {
      sandbox.setVariablesOmittedOnUpdate(mode);
      const done = await run(buildConfig());
      expect(done.exitCode, done.stdout).toBe(0);
      // "Staging checks" is unchanged; "Production" is updated: its variables all survive either way,
      // since every variable Omni has is sent back by id.
      const production = environmentsOf(PRODUCTION_ID).find((e) => e.id === DEFAULT_ID);
      expect(production?.variables.map((v) => v.name).sort()).toEqual(['DBT_CLOUD_API_KEY', 'DBT_TARGET']);
      expect(resultEnvironments(done.outputs).find((e) => e.name === 'Production')?.status).toBe('applied');
    },
  );

  it('reports what Omni did not keep as a failure of that connection', async () => {
    // A scripted answer that claims success while changing nothing: the read-back must catch it.
    sandbox.script({ route: 'environments', method: 'PUT' }, [
      {
        status: 200,
        body: {
          id: DEFAULT_ID,
          isDefaultEnvironment: true,
          name: 'Production',
          ownerId: null,
          targetDatabase: 'ANALYTICS',
          targetName: 'prod',
          targetRole: 'TRANSFORMER',
          targetSchema: 'analytics_v2',
          variables: [],
        },
      },
    ]);
    const done = await run(buildConfig());
    expect(done.exitCode).toBe(1);
    const production = resultEnvironments(done.outputs).find((e) => e.name === 'Production');
    expect(production?.status).toBe('failed');
    expect(production?.error).toContain('targetSchema is "analytics", not "analytics_v2"');
    const result = JSON.parse(done.outputs.result ?? '{}');
    expect(result.connections[0].status).toBe('failed');
    expectNoSecrets(done);
  });

  it('refuses a file environment named like a personal one, and changes nothing', async () => {
    const config = `version: 1
${SETTINGS}
connections:
  - id: ${PRODUCTION_ID}
    projectRootPath: transform
    environments:
      - name: alice DEV
        targetSchema: taken
`;
    const done = await run(config);
    expect(done.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(done.summary).toContain('personal environment');
    expect(environmentsOf(PRODUCTION_ID).find((e) => e.id === PERSONAL_ID)?.targetSchema).toBe('dbt_alice');
  });

  it('writes nothing from an environment list that cannot be read whole (a cursor that comes back)', async () => {
    sandbox.setEnvironmentPaging('repeat-cursor');
    const done = await run(buildConfig({ prune: true }));
    expect(done.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    const result = JSON.parse(done.outputs.result ?? '{}');
    expect(result.connections[0]).toMatchObject({ status: 'failed' });
    expect(result.connections[0].error).toContain(
      "Omni's list cannot be read whole: page 2 of the environments gives a cursor an earlier page gave, so the pages would never end",
    );
    expect(done.summary).toContain('Nothing was done on the strength of that answer');
    expectNoSecrets(done);
  });

  it('costs no extra request for a connection without environments', async () => {
    const config = `version: 1
${SETTINGS}
connections:
  - id: ${PRODUCTION_ID}
    projectRootPath: transform
`;
    const done = await run(config);
    expect(done.exitCode, done.stdout).toBe(0);
    expect(sandbox.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['GET dbt']);
    const result = JSON.parse(done.outputs.result ?? '{}');
    expect(result.connections[0]).not.toHaveProperty('environments');
  });
});
