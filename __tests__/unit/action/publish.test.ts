// The log groups of a run: each connection titled with what became of it as a whole, its settings and each
// part beneath it in the count line's words (no `unmanaged → unmanaged` arrows), an error with its hint on
// a line of its own; and the outputs set from the same count.
import { describe, expect, it } from 'vitest';
import type { ActionLog } from '../../../src/action/log.js';
import { logConnections, setRunOutputs } from '../../../src/action/publish.js';
import { summariseOutcome } from '../../../src/core/report/outcome.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';
import { createRedactor } from '../../../src/core/secrets.js';
import { PRODUCTION_ID, STAGING_ID } from '../../support/dbt-fixtures.js';

function createRecordingLog(): { log: ActionLog; lines: string[]; outputs: Record<string, string> } {
  const lines: string[] = [];
  const outputs: Record<string, string> = {};
  const log: ActionLog = {
    redactor: createRedactor(),
    info: (text) => lines.push(text),
    warning: (text) => lines.push(`warning: ${text}`),
    error: (text) => lines.push(`error: ${text}`),
    startGroup: (title) => lines.push(`▸ ${title}`),
    endGroup: () => undefined,
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    setFailed: (text) => lines.push(`failed: ${text}`),
    writeSummary: async () => undefined,
  };
  return { log, lines, outputs };
}

const production: ConnectionResult = {
  connectionId: PRODUCTION_ID,
  name: 'Snowflake production',
  action: 'update',
  settings: { action: 'unchanged', status: 'unchanged' },
  status: 'planned',
  changes: [],
  rotateKeys: false,
  environments: [
    {
      name: 'Production',
      action: 'update',
      status: 'planned',
      changes: [{ field: 'targetSchema', from: 'analytics', to: 'analytics_v2' }],
    },
    { name: 'Staging checks', action: 'unmanaged', status: 'unmanaged', changes: [] },
  ],
};

const report = (overrides: Partial<RunReport>): RunReport => ({
  mode: 'dry-run',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  issues: [],
  connections: [production],
  isCancelled: false,
  failOnChanges: false,
  ...overrides,
});

describe('logConnections', () => {
  it('titles each connection with what happens to it as a whole, and words its parts beneath it', () => {
    const { log, lines } = createRecordingLog();
    logConnections(log, report({}));
    expect(lines).toEqual([
      `▸ Snowflake production (${PRODUCTION_ID}): to update`,
      '  settings unchanged',
      '  environment Production: to update',
      '    targetSchema: "analytics" → "analytics_v2"',
      '  environment Staging checks: not in the file, left alone',
    ]);
  });

  it('speaks of an apply in the past tense', () => {
    const { log, lines } = createRecordingLog();
    const applied: ConnectionResult = {
      ...production,
      status: 'applied',
      environments: [{ name: 'Production', action: 'update', status: 'applied', changes: [] }],
    };
    logConnections(log, report({ mode: 'apply', connections: [applied] }));
    expect(lines).toEqual([
      `▸ Snowflake production (${PRODUCTION_ID}): updated`,
      '  settings unchanged',
      '  environment Production: updated',
    ]);
  });

  it('says an error and its hint apart, the hint on its own line', () => {
    const { log, lines } = createRecordingLog();
    const failed: ConnectionResult = {
      connectionId: STAGING_ID,
      name: 'Snowflake staging',
      status: 'failed',
      httpStatus: 401,
      error: 'Invalid API key',
      hint: 'The api-token is invalid or expired.',
      changes: [],
      rotateKeys: false,
    };
    logConnections(log, report({ connections: [failed] }));
    expect(lines).toEqual([
      `▸ Snowflake staging (${STAGING_ID}): failed`,
      'error: Snowflake staging: Invalid API key\nHow to fix: The api-token is invalid or expired.',
    ]);
  });
});

describe('setRunOutputs', () => {
  it('sets changed, failed and has-changes from the one count, and result with every connection', () => {
    const { log, outputs } = createRecordingLog();
    const run = report({});
    setRunOutputs(log, run, summariseOutcome(run));
    expect(outputs).toMatchObject({ changed: '1', failed: '0', 'has-changes': 'true' });
    expect(JSON.parse(outputs.result ?? '{}').connections[0]).toMatchObject({
      id: PRODUCTION_ID,
      action: 'update',
      status: 'planned',
    });
  });
});
