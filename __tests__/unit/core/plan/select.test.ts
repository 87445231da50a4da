import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../../src/core/config/types.js';
import { selectConnections } from '../../../../src/core/plan/select.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';

const body = {
  sshUrl: 'git@github.com:acme/analytics.git',
  branch: 'main',
  autogenRelationships: true,
  enableVirtualSchemas: true,
  enableSemanticLayer: false,
  projectRootPath: null,
};
const make = (connectionId: string, name?: string): ConnectionConfig => ({
  connectionId,
  name,
  body,
  pruneEnvironments: false,
  pruneSchemaRefreshSchedules: false,
  position: { line: 1, column: 1 },
});
const all = [
  make('550e8400-e29b-41d4-a716-446655440000', 'Snowflake production'),
  make('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Snowflake staging'),
  make('9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d'),
];

describe('selectConnections', () => {
  it('keeps every connection when nothing is selected', () => {
    expect(selectConnections(all, [], ACTION_TERMS)).toEqual({ ok: true, connections: all });
  });

  it('selects by name or by id in any case, in the file order', () => {
    const result = selectConnections(
      all,
      ['9B2F3C1E-4D5A-4E6B-8C7D-0E1F2A3B4C5D', 'Snowflake production'],
      ACTION_TERMS,
    );
    expect(result.ok && result.connections.map((c) => c.connectionId)).toEqual([
      '550e8400-e29b-41d4-a716-446655440000',
      '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d',
    ]);
  });

  it('names every unknown selector and lists what is known', () => {
    const result = selectConnections(all, ['Snowflake prod', 'Snowflake staging', 'nope'], ACTION_TERMS);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(
      '"Snowflake prod", "nope", which are not in the config file',
    );
    expect(!result.ok && result.error).toContain(
      '"Snowflake staging" (7c9e6679-7425-40de-944b-e07fc1f90ae7)',
    );
  });
});
