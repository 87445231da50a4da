// runPreview with a small fake client: what a preview run sends when the run is cancelled part-way.
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../../src/core/config/types.js';
import type { LiveEnvironment } from '../../../../src/core/omni/environments.js';
import { runPreview } from '../../../../src/core/run/preview.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';
import { PRODUCTION_ID, PRODUCTION_SETTINGS } from '../../../support/dbt-fixtures.js';
import { completeClient } from '../../../support/fake-client.js';

const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
const POSITION = { line: 1, column: 1 };
const CONNECTION: ConnectionConfig = {
  connectionId: PRODUCTION_ID,
  name: 'Snowflake production',
  body: { ...PRODUCTION_SETTINGS },
  pruneEnvironments: false,
  pruneSchemaRefreshSchedules: false,
  position: POSITION,
  preview: {
    name: 'PR {pr}',
    targetSchema: 'dbt_pr_{pr}',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables: [],
    omniModel: MODEL_ID,
    isCreatingBranch: false,
    isDeletingBranch: false,
    position: POSITION,
  },
};
const PULL_REQUEST = {
  pr: 12,
  head: 'feature/x',
  base: 'main',
  sha: 'abc1234def',
  repository: 'acme/analytics',
};

describe('runPreview on an open pull request', () => {
  it('binds no branch once the run was cancelled while the environment was being created', async () => {
    const stop = new AbortController();
    const calls: string[] = [];
    const client = completeClient({
      async listEnvironments() {
        calls.push('list');
        return [];
      },
      async createEnvironment(_connectionId, body) {
        calls.push('create');
        // Cancellation arrives while the create is in flight; its answer still comes.
        stop.abort();
        const created: LiveEnvironment = {
          id: 'e0000000-0000-4000-8000-000000000012',
          isDefaultEnvironment: false,
          name: body.name,
          ownerId: null,
          targetDatabase: null,
          targetName: null,
          targetRole: null,
          targetSchema: body.targetSchema,
          variables: [],
        };
        return created;
      },
      async bindBranchEnvironment() {
        calls.push('bind');
      },
    });
    const result = await runPreview({
      connections: [CONNECTION],
      client,
      preview: { kind: 'upsert', ...PULL_REQUEST },
      configPath: 'omni-dbt.yml',
      isUpdatingSecrets: false,
      stepEnv: {},
      terms: ACTION_TERMS,
      stop,
      instanceUrl: 'https://acme.omniapp.co',
    });
    expect(calls).toEqual(['list', 'create']);
    const [connection] = result.connections;
    expect(connection?.status).toBe('failed');
    expect(connection?.error).toContain('Not attempted: the run was cancelled.');
    expect(connection?.environments?.[0]).toMatchObject({
      status: 'applied',
      binding: { modelId: MODEL_ID, branchName: 'feature/x', status: 'failed' },
    });
  });
});
