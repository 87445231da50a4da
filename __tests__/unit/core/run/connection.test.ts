// The per-connection state machine and the run's fan-out, with a small fake client: every path ends in
// exactly one result, a 401 stops the run, and a cancelled run skips what had not started.
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig, VariableConfig } from '../../../../src/core/config/types.js';
import type { OmniClient } from '../../../../src/core/omni/client.js';
import type { DbtPutBody, LiveDbtConfig } from '../../../../src/core/omni/dbt.js';
import type { LiveEnvironment } from '../../../../src/core/omni/environments.js';
import { OmniCancelledError, OmniHttpError } from '../../../../src/core/omni/errors.js';
import { type ConnectionRunContext, runConnection } from '../../../../src/core/run/connection.js';
import { createRunStop as createRunStopFor, runConnections } from '../../../../src/core/run/connections.js';
import { ACTION_TERMS, CLI_TERMS } from '../../../../src/core/terms.js';
import {
  buildLiveConfig,
  PRODUCTION_ID,
  PRODUCTION_SETTINGS,
  STAGING_ID,
} from '../../../support/dbt-fixtures.js';
import { completeClient } from '../../../support/fake-client.js';

const CONNECTION: ConnectionConfig = {
  connectionId: PRODUCTION_ID,
  name: 'Snowflake production',
  body: { ...PRODUCTION_SETTINGS },
  position: { line: 3, column: 5 },
  pruneEnvironments: false,
  pruneSchemaRefreshSchedules: false,
};

type Answer<T> = T | Error;

/** A client whose answers are given per call; it records what was sent. */
function createFakeClient(answers: { get?: Answer<LiveDbtConfig>; put?: Answer<{ message: string }> }) {
  const sent: { method: string; connectionId: string; body?: DbtPutBody }[] = [];
  const client = completeClient({
    async getDbtConfig(connectionId) {
      sent.push({ method: 'GET', connectionId });
      const answer = answers.get ?? buildLiveConfig();
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async putDbtConfig(connectionId, body) {
      sent.push({ method: 'PUT', connectionId, body });
      const answer = answers.put ?? { message: 'ok' };
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  return { client, sent };
}

function createContext(client: OmniClient, overrides: Partial<ConnectionRunContext> = {}) {
  const failures: unknown[] = [];
  const context: ConnectionRunContext = {
    client,
    mode: 'apply',
    force: false,
    rotateKeys: false,
    isUpdatingSecrets: false,
    stepEnv: {},
    terms: ACTION_TERMS,
    signal: new AbortController().signal,
    reportFailure: (error) => {
      failures.push(error);
      return false;
    },
    describeSkip: () => 'Not attempted: the run was cancelled.',
    ...overrides,
  };
  return { context, failures };
}

const http = (status: number, method: 'GET' | 'PUT' = 'GET') =>
  new OmniHttpError({ method, path: `/v1/connections/${PRODUCTION_ID}/dbt`, status });

describe('runConnection', () => {
  it('read → plan: an unchanged connection gets no PUT', async () => {
    const { client, sent } = createFakeClient({});
    const { context } = createContext(client);
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ action: 'unchanged', status: 'unchanged', changes: [] });
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('read → plan → write: a changed connection gets the full desired body', async () => {
    const { client, sent } = createFakeClient({ get: buildLiveConfig({ branch: 'old' }) });
    const { context } = createContext(client);
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ action: 'update', status: 'applied', httpStatus: 200 });
    expect(result.changes).toEqual([{ field: 'branch', from: 'old', to: 'main' }]);
    expect(sent[1]).toEqual({ method: 'PUT', connectionId: PRODUCTION_ID, body: CONNECTION.body });
  });

  it('stops at plan in a dry-run', async () => {
    const { client, sent } = createFakeClient({ get: buildLiveConfig({ branch: 'old' }) });
    const { context } = createContext(client, { mode: 'dry-run' });
    expect(await runConnection(CONNECTION, context)).toMatchObject({ status: 'planned' });
    expect(sent).toHaveLength(1);
  });

  it('sends rotateKeys and forces the PUT of an unchanged connection', async () => {
    const { client, sent } = createFakeClient({});
    const { context } = createContext(client, { rotateKeys: true });
    expect(await runConnection(CONNECTION, context)).toMatchObject({ status: 'applied', rotateKeys: true });
    expect(sent[1]?.body).toEqual({ ...CONNECTION.body, rotateKeys: true });
  });

  it('fails a read with the error, its status and a hint in the front end’s terms', async () => {
    const { client } = createFakeClient({ get: http(404) });
    const { context, failures } = createContext(client, { terms: CLI_TERMS });
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ status: 'failed', httpStatus: 404, changes: [] });
    expect(result.hint).toBe(
      'No such connection on this Omni instance: check the connection id and OMNI_URL.',
    );
    expect(failures).toHaveLength(1);
  });

  it('fails a connection whose database does not support dbt, without writing', async () => {
    const { client, sent } = createFakeClient({
      get: { isConfigured: false, supportsDbt: false, message: 'no dbt here' },
    });
    const { context } = createContext(client);
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ status: 'failed', error: expect.stringContaining('no dbt here') });
    expect(sent).toHaveLength(1);
  });

  it('keeps the plan of a failed write', async () => {
    const { client } = createFakeClient({ get: buildLiveConfig({ branch: 'old' }), put: http(400, 'PUT') });
    const { context } = createContext(client);
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ action: 'update', status: 'failed', httpStatus: 400 });
    expect(result.changes).toHaveLength(1);
  });

  it('skips a write cancelled before it left, keeping its plan', async () => {
    const cancelled = new OmniCancelledError({ method: 'PUT', path: '/x', wasSent: false });
    const { client } = createFakeClient({ get: buildLiveConfig({ branch: 'old' }), put: cancelled });
    const { context } = createContext(client);
    const result = await runConnection(CONNECTION, context);
    expect(result).toMatchObject({ action: 'update', status: 'skipped' });
    expect(result.error).toBe('Not attempted: the run was cancelled.');
  });

  it('fails (not skips) a write cut off in flight: it may have landed', async () => {
    const cancelled = new OmniCancelledError({ method: 'PUT', path: '/x', wasSent: true });
    const { client } = createFakeClient({ get: buildLiveConfig({ branch: 'old' }), put: cancelled });
    const { context } = createContext(client);
    expect(await runConnection(CONNECTION, context)).toMatchObject({ status: 'failed' });
  });

  it('starts nothing once the run is stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    const { client, sent } = createFakeClient({});
    const { context } = createContext(client, { signal: stop.signal });
    expect(await runConnection(CONNECTION, context)).toMatchObject({ status: 'skipped', changes: [] });
    expect(sent).toEqual([]);
  });
});

/** An apply of `connections` through runConnections, with `stop` as the run's controller. */
function applyAll(connections: ConnectionConfig[], client: OmniClient, stop: AbortController) {
  return runConnections({
    connections,
    client,
    mode: 'apply',
    force: false,
    rotateKeys: false,
    isUpdatingSecrets: false,
    stepEnv: {},
    terms: ACTION_TERMS,
    stop,
  });
}

describe('runConnections', () => {
  const second: ConnectionConfig = { ...CONNECTION, connectionId: STAGING_ID, name: 'Staging' };

  it('a 401 stops the run: the connection that got it fails, the rest are skipped', async () => {
    const stop = new AbortController();
    let calls = 0;
    const client = completeClient({
      async getDbtConfig() {
        calls += 1;
        // Only the first read reaches "Omni"; the second starts after the first has answered.
        if (calls === 1) throw http(401);
        return buildLiveConfig();
      },
      async putDbtConfig() {
        return { message: 'ok' };
      },
    });
    const result = await applyAll([CONNECTION, second], createSequentialClient(client, stop.signal), stop);
    expect(result.fatalError).toBe('Omni refused the API token (401).');
    expect(stop.signal.aborted).toBe(true);
    expect(result.connections.map((c) => [c.connectionId, c.status])).toEqual([
      [PRODUCTION_ID, 'failed'],
      [STAGING_ID, 'skipped'],
    ]);
    expect(result.connections[1]?.error).toContain('Omni refused the API token (401)');
    expect(calls).toBe(1);
  });

  it('a failure other than 401 does not stop the others', async () => {
    const stop = new AbortController();
    const client = completeClient({
      getDbtConfig: async (id) => {
        if (id === PRODUCTION_ID) throw http(403);
        return buildLiveConfig({ branch: 'old' });
      },
      putDbtConfig: async () => ({ message: 'ok' }),
    });
    const result = await applyAll([CONNECTION, second], client, stop);
    expect(result.fatalError).toBeUndefined();
    expect(result.connections.map((c) => c.status)).toEqual(['failed', 'applied']);
  });
});

/**
 * Runs the client's calls one after another, as a pacer with one request in flight would, and starts none
 * once `signal` has aborted (as the transport does).
 */
function createSequentialClient(client: OmniClient, signal: AbortSignal): OmniClient {
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(call: () => Promise<T>): Promise<T> => {
    const start = () => {
      if (signal.aborted) throw new OmniCancelledError({ method: 'GET', path: '/x', wasSent: false });
      return call();
    };
    const next = queue.then(start, start);
    queue = next.catch(() => undefined);
    return next;
  };
  return completeClient({
    getDbtConfig: (id) => enqueue(() => client.getDbtConfig(id)),
    putDbtConfig: (id, body) => enqueue(() => client.putDbtConfig(id, body)),
  });
}

describe('runConnection with environments', () => {
  const liveEnvironment = (name: string, overrides: Partial<LiveEnvironment> = {}): LiveEnvironment => ({
    id: `id-${name}`,
    isDefaultEnvironment: false,
    name,
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: name.toLowerCase(),
    variables: [],
    ...overrides,
  });
  const environment = (name: string, targetSchema: string, variables: VariableConfig[] = []) => ({
    name,
    targetSchema,
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables,
    position: { line: 1, column: 1 },
  });
  const withEnvironments = (
    environments: ReturnType<typeof environment>[],
    prune = false,
  ): ConnectionConfig => ({
    ...CONNECTION,
    environments,
    pruneEnvironments: prune,
  });

  it('stops at the first failed write: the rest are not attempted, and the connection says so', async () => {
    const live = [liveEnvironment('A'), liveEnvironment('B'), liveEnvironment('Old')];
    const calls: string[] = [];
    const client = completeClient({
      getDbtConfig: async () => buildLiveConfig(),
      listEnvironments: async () => live,
      updateEnvironment: async (_id, environmentId) => {
        calls.push(`update ${environmentId}`);
        if (environmentId === 'id-A') throw http(400, 'PUT');
        return live[0] as LiveEnvironment;
      },
      deleteEnvironment: async (_id, environmentId) => {
        calls.push(`delete ${environmentId}`);
        return 'deleted';
      },
    });
    const { context } = createContext(client);
    const result = await runConnection(
      withEnvironments([environment('A', 'a2'), environment('B', 'b2')], true),
      context,
    );
    expect(calls).toEqual(['update id-A']);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^Writing environment "A" failed; the writes after it were not attempted\./);
    expect(result.environments?.map((e) => [e.name, e.status])).toEqual([
      ['A', 'failed'],
      ['B', 'skipped'],
      ['Old', 'skipped'],
    ]);
    expect(result.environments?.[1]?.error).toBe(
      'Not attempted: an earlier write of this connection failed.',
    );
  });

  it('refuses an apply with an unset fromEnv before any write, settings included', async () => {
    const calls: string[] = [];
    const client = completeClient({
      getDbtConfig: async () => buildLiveConfig({ branch: 'old' }),
      putDbtConfig: async () => {
        calls.push('put');
        return { message: 'ok' };
      },
      listEnvironments: async () => [],
    });
    const secret: VariableConfig = {
      name: 'KEY',
      isSecret: true,
      source: 'env',
      envName: 'UNSET_KEY',
      position: { line: 1, column: 1 },
    };
    const { context } = createContext(client, { stepEnv: {} });
    const result = await runConnection(withEnvironments([environment('A', 'a', [secret])]), context);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('UNSET_KEY');
    expect(calls).toEqual([]);

    const dryRun = await runConnection(
      withEnvironments([environment('A', 'a', [secret])]),
      createContext(client, { mode: 'dry-run', stepEnv: {} }).context,
    );
    expect(dryRun.status).toBe('planned');
    expect(dryRun.warnings?.[0]).toContain('UNSET_KEY');
  });

  it('plans a connection not configured yet against the default environment Omni will create', async () => {
    const client = completeClient({
      getDbtConfig: async () => ({ isConfigured: false, supportsDbt: true, message: 'not configured' }),
    });
    const { context } = createContext(client, { mode: 'dry-run' });
    const result = await runConnection(withEnvironments([environment('production', 'prod')]), context);
    expect(result.environments?.map((e) => [e.name, e.action, e.status])).toEqual([
      ['production', 'update', 'planned'],
    ]);
  });

  it('reads the environments after configuring dbt, then updates the default by name', async () => {
    const calls: string[] = [];
    let isConfigured = false;
    const defaultEnvironment = liveEnvironment('Production', {
      isDefaultEnvironment: true,
      targetSchema: 'public',
    });
    const client = completeClient({
      getDbtConfig: async () => ({ isConfigured: false, supportsDbt: true, message: 'not configured' }),
      putDbtConfig: async () => {
        calls.push('put settings');
        isConfigured = true;
        return { message: 'ok' };
      },
      listEnvironments: async () => {
        calls.push('list');
        if (!isConfigured) throw new Error('listed before configuring');
        return calls.filter((c) => c === 'list').length > 1 && calls.includes('update')
          ? [{ ...defaultEnvironment, targetSchema: 'prod' }]
          : [defaultEnvironment];
      },
      updateEnvironment: async () => {
        calls.push('update');
        return defaultEnvironment;
      },
    });
    const { context } = createContext(client);
    const result = await runConnection(withEnvironments([environment('Production', 'prod')]), context);
    expect(calls).toEqual(['put settings', 'list', 'update', 'list']);
    expect(result).toMatchObject({ status: 'applied', action: 'create' });
  });
});

describe("a connection's action as a whole", () => {
  const held = {
    id: 'id-key',
    name: 'KEY',
    isSecret: true,
    value: null,
  };
  const production = (overrides: Partial<LiveEnvironment> = {}): LiveEnvironment => ({
    id: 'id-Production',
    isDefaultEnvironment: true,
    name: 'Production',
    ownerId: null,
    targetDatabase: null,
    targetName: null,
    targetRole: null,
    targetSchema: 'analytics',
    variables: [held],
    ...overrides,
  });
  const keyFromEnv: VariableConfig = {
    name: 'KEY',
    isSecret: true,
    source: 'env',
    envName: 'DBT_KEY',
    position: { line: 1, column: 1 },
  };
  const withProduction = (targetSchema: string, variables: VariableConfig[] = [keyFromEnv]) => ({
    ...CONNECTION,
    pruneEnvironments: false,
    pruneSchemaRefreshSchedules: false,
    environments: [
      {
        name: 'Production',
        targetSchema,
        targetDatabase: null,
        targetRole: null,
        targetName: null,
        variables,
        position: { line: 1, column: 1 },
      },
    ],
  });
  const clientWith = (live: LiveEnvironment[], calls: string[] = []) =>
    completeClient({
      getDbtConfig: async () => buildLiveConfig(),
      putDbtConfig: async () => {
        calls.push('put settings');
        return { message: 'ok' };
      },
      listEnvironments: async () => live,
      createEnvironment: async () => {
        calls.push('create');
        return production();
      },
      updateEnvironment: async () => {
        calls.push('update');
        return production();
      },
    });

  it('is update when only an environment changes, with the settings unchanged beneath it', async () => {
    const { context } = createContext(clientWith([production()]), {
      mode: 'dry-run',
      stepEnv: { DBT_KEY: 'x' },
    });
    const result = await runConnection(withProduction('analytics_v2'), context);
    expect(result).toMatchObject({
      action: 'update',
      status: 'planned',
      settings: { action: 'unchanged', status: 'unchanged' },
    });
  });

  it('is unchanged only when nothing is written', async () => {
    const { context } = createContext(clientWith([production()]), { stepEnv: { DBT_KEY: 'x' } });
    expect(await runConnection(withProduction('analytics'), context)).toMatchObject({
      action: 'unchanged',
      status: 'unchanged',
    });
  });

  it('is update when the settings are sent again as they are (force)', async () => {
    const { client } = createFakeClient({});
    const { context } = createContext(client, { force: true });
    expect(await runConnection(CONNECTION, context)).toMatchObject({
      action: 'update',
      status: 'applied',
      changes: [],
      settings: { action: 'update', status: 'applied' },
    });
  });

  it('keeps the settings’ own outcome when an environment write fails after them', async () => {
    const calls: string[] = [];
    const client = completeClient({
      getDbtConfig: async () => buildLiveConfig({ branch: 'old' }),
      putDbtConfig: async () => ({ message: 'ok' }),
      listEnvironments: async () => [production()],
      updateEnvironment: async () => {
        calls.push('update');
        throw http(400, 'PUT');
      },
    });
    const { context } = createContext(client, { stepEnv: { DBT_KEY: 'x' } });
    const result = await runConnection(withProduction('analytics_v2'), context);
    expect(result).toMatchObject({
      action: 'update',
      status: 'failed',
      settings: { action: 'update', status: 'applied' },
    });
    expect(result.environments?.[0]).toMatchObject({ action: 'update', status: 'failed' });
  });

  describe('a fromEnv value is needed only where it is sent or compared', () => {
    it('applies a connection whose unset secret Omni already holds: unchanged, and says it was not checked', async () => {
      const calls: string[] = [];
      const { context } = createContext(clientWith([production()], calls), { stepEnv: {} });
      const result = await runConnection(withProduction('analytics'), context);
      expect(result).toMatchObject({ action: 'unchanged', status: 'unchanged' });
      expect(result.error).toBeUndefined();
      expect(result.environments?.[0]?.note).toBe(
        'Variable KEY was not checked: DBT_KEY is not set, and Omni already holds its secret value, which is kept.',
      );
      expect(calls).toEqual([]);
    });

    it('writes the rest of an environment whose held secret is unset, sending the secret by id alone', async () => {
      const bodies: unknown[] = [];
      let live = [production()];
      const client = completeClient({
        getDbtConfig: async () => buildLiveConfig(),
        listEnvironments: async () => live,
        updateEnvironment: async (_connectionId, _environmentId, body) => {
          bodies.push(body);
          live = [production({ targetSchema: 'analytics_v2' })];
          return live[0] as LiveEnvironment;
        },
      });
      const { context } = createContext(client, { stepEnv: {} });
      const result = await runConnection(withProduction('analytics_v2'), context);
      expect(result).toMatchObject({ action: 'update', status: 'applied' });
      expect(bodies).toEqual([
        expect.objectContaining({
          targetSchema: 'analytics_v2',
          variables: [{ id: 'id-key', isSecret: true }],
        }),
      ]);
    });

    it.each([
      {
        case: 'a variable to create',
        live: [production({ variables: [] })],
        isUpdatingSecrets: false,
        variables: [keyFromEnv],
        said: 'DBT_KEY (variable KEY of environment "Production", to create it)',
      },
      {
        case: 'a secret sent again (update-secrets)',
        live: [production()],
        isUpdatingSecrets: true,
        variables: [keyFromEnv],
        said: 'DBT_KEY (variable KEY of environment "Production", to send it again (update-secrets: true))',
      },
      {
        case: 'a value compared (secret: false)',
        live: [production({ variables: [{ id: 'id-key', name: 'KEY', isSecret: false, value: 'dev_' }] })],
        isUpdatingSecrets: false,
        variables: [{ ...keyFromEnv, isSecret: false }],
        said: 'DBT_KEY (variable KEY of environment "Production", to compare it with Omni\'s value (secret: false))',
      },
    ])(
      'fails an apply before any write for $case, and warns in a dry-run',
      async ({ live, isUpdatingSecrets, variables, said }) => {
        const calls: string[] = [];
        const { context } = createContext(clientWith(live, calls), { stepEnv: {}, isUpdatingSecrets });
        const result = await runConnection(withProduction('analytics', variables), context);
        expect(result.status).toBe('failed');
        expect(result.error).toBe(
          `${said} is unset or empty in the step's environment; nothing of this connection was written.`,
        );
        expect(result.hint).toBe(
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the GitHub expression the hint shows.
          'Pass it to the step with `env:`, from a GitHub secret (e.g. `DBT_KEY: ${{ secrets.DBT_KEY }}`).',
        );
        expect(calls).toEqual([]);

        const dryRun = createContext(clientWith(live), { mode: 'dry-run', stepEnv: {}, isUpdatingSecrets });
        const planned = await runConnection(withProduction('analytics', variables), dryRun.context);
        expect(planned.status).not.toBe('failed');
        expect(planned.warnings?.[0]).toContain(`${said} is unset or empty in the step's environment`);
      },
    );

    it('words the refusal in the CLI’s terms at a terminal: the shell and export, no step or GitHub secret', async () => {
      const { context } = createContext(clientWith([production({ variables: [] })]), {
        stepEnv: {},
        terms: CLI_TERMS,
      });
      const result = await runConnection(withProduction('analytics'), context);
      expect(result.error).toContain('is unset or empty in your shell');
      expect(result.hint).toBe(
        'Set it in your shell first: `export DBT_KEY=…` (for a secret, `read -rs DBT_KEY && export DBT_KEY` keeps it out of the shell history).',
      );
      expect(`${result.error} ${result.hint}`).not.toMatch(/step|GitHub|env:/);
    });

    it('needs every value of a connection not configured yet, and refuses before configuring it', async () => {
      const calls: string[] = [];
      const client = completeClient({
        getDbtConfig: async () => ({ isConfigured: false, supportsDbt: true, message: 'not configured' }),
        putDbtConfig: async () => {
          calls.push('put settings');
          return { message: 'ok' };
        },
      });
      const { context } = createContext(client, { stepEnv: {} });
      const result = await runConnection(withProduction('analytics'), context);
      expect(result).toMatchObject({ action: 'create', status: 'failed' });
      expect(result.error).toContain('to create it');
      expect(calls).toEqual([]);
    });
  });
});

describe('describeSkip: a request in flight when the run was cancelled', () => {
  it('says a write cut off in flight may or may not have taken effect, and never "Not attempted"', async () => {
    const stop = new AbortController();
    const put = new OmniCancelledError({ method: 'PUT', path: '/v1/connections/x/dbt', wasSent: true });
    const client = completeClient({
      getDbtConfig: async () => buildLiveConfig(),
      listEnvironments: async () => [],
      createEnvironment: async () => {
        stop.abort();
        throw put;
      },
    });
    const result = await applyAll(
      [
        {
          ...CONNECTION,
          environments: [
            {
              name: 'CI',
              targetSchema: 'ci',
              targetDatabase: null,
              targetRole: null,
              targetName: null,
              variables: [],
              position: { line: 1, column: 1 },
            },
          ],
        },
      ],
      client,
      stop,
    );
    const [connection] = result.connections;
    expect(connection?.error).toContain(
      'The run was cancelled while writing environment "CI"; the writes after it were not attempted.',
    );
    expect(connection?.error).toContain(
      'in flight when the run was cancelled: it may or may not have taken effect',
    );
    expect(connection?.environments?.[0]?.error).toBe(
      'PUT /v1/connections/x/dbt: in flight when the run was cancelled: it may or may not have taken effect',
    );
  });

  it('says a read cut off in flight wrote nothing; one never sent was not attempted', async () => {
    const stop = new AbortController();
    stop.abort();
    const { describeSkip } = createRunStopFor(stop);
    expect(
      describeSkip(new OmniCancelledError({ method: 'GET', path: '/v1/connections/x/dbt', wasSent: true })),
    ).toBe(
      'In flight when the run was cancelled: the read (GET /v1/connections/x/dbt) was cut short, and nothing of this connection was written.',
    );
    expect(describeSkip(new OmniCancelledError({ method: 'DELETE', path: '/v1/x', wasSent: true }))).toBe(
      'In flight when the run was cancelled: DELETE /v1/x may or may not have taken effect.',
    );
    expect(describeSkip(new OmniCancelledError({ method: 'PUT', path: '/v1/x', wasSent: false }))).toBe(
      'Not attempted: the run was cancelled.',
    );
    expect(describeSkip()).toBe('Not attempted: the run was cancelled.');
  });
});
