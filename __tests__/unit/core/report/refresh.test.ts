// A `mode: refresh` run as every front end words it (README, "Refresh after a deploy"): the count line and the
// headline from the one counting model (a refreshed connection counts as changed, a per-branch one is a warning
// that does not fail), the exit by fail-on-impact, the summary's title and table, the terminal's lines.
import { describe, expect, it } from 'vitest';
import { PLAIN_PALETTE, renderTerminalReport } from '../../../../src/cli/render-terminal.js';
import { renderReportMarkdown } from '../../../../src/core/report/markdown.js';
import { describeRunCounts, summariseOutcome } from '../../../../src/core/report/outcome.js';
import type { ImpactResult } from '../../../../src/core/run/impact.js';
import { NO_MODELS_REASON } from '../../../../src/core/run/not-planned.js';
import type { ConnectionResult, RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';

const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';

function impactOf(isFailing: boolean, failOn: ImpactResult['failOn'] = 'new'): ImpactResult {
  return {
    modelId: MODEL_ID,
    refresh: { modelIds: [MODEL_ID], failOnSetting: 'fail-on-impact' },
    failOn,
    verdict: 'breaks 1 dashboard (1 query); 1 already broken before',
    isFailing,
    isRefreshed: true,
    comparison: {
      content: {
        new: [
          {
            documentId: 'd1',
            identifier: 'rev',
            documentName: 'Revenue overview',
            folderPath: '/Finance',
            kind: 'query',
            queryName: 'Revenue by month',
            queryId: null,
            message: "Field 'orders.amount' not found in model",
          },
        ],
        existing: [],
        resolved: [],
      },
      model: { new: [], existing: [], resolved: [] },
    },
    folders: [],
    labels: [],
    atRisk: [],
    modelFiles: [],
    instanceUrl: 'https://acme.omniapp.co',
  };
}

const refreshed = (impact: ImpactResult): ConnectionResult => ({
  connectionId: '550e8400-e29b-41d4-a716-446655440000',
  name: 'Snowflake production',
  action: 'update',
  status: 'applied',
  changes: [],
  rotateKeys: false,
  impact,
});
const perBranch: ConnectionResult = {
  connectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  name: 'Postgres finance',
  action: 'unchanged',
  status: 'skipped',
  isOutOfScope: true,
  error: 'Not refreshed: Omni refreshes this connection per branch.',
  warnings: ['Omni refreshes the schema of Postgres finance per branch; merge the branch there.'],
  changes: [],
  rotateKeys: false,
};
const withoutModels: ConnectionResult = {
  connectionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'Snowflake staging',
  status: 'skipped',
  isOutOfScope: true,
  error: NO_MODELS_REASON,
  changes: [],
  rotateKeys: false,
};

const reportOf = (connections: ConnectionResult[]): RunReport => ({
  mode: 'refresh',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  issues: [],
  connections,
  isCancelled: false,
  failOnChanges: false,
});

describe('a refresh in words', () => {
  it('counts a refreshed connection as refreshed and changed, and one left out as skipped without failing', () => {
    const report = reportOf([refreshed(impactOf(false)), perBranch, withoutModels]);
    expect(describeRunCounts(report)).toEqual({
      label: 'Refresh',
      text: '3 connections: 1 refreshed, 2 skipped',
    });
    const outcome = summariseOutcome(report);
    expect(outcome).toMatchObject({ changed: 1, failed: 0, hasChanges: true, isFailure: false });
    expect(outcome.headline).toBe(
      'Refreshed the schema of 1 of 2 connections. Impact on Snowflake production: breaks 1 dashboard (1 query); 1 already broken before. 1 connection was not refreshed: Omni refreshes it per branch (see the warning).',
    );
  });

  it('fails as fail-on-impact says, and names the rule in the headline', () => {
    const failing = summariseOutcome(reportOf([refreshed(impactOf(true, 'any'))]));
    expect(failing.isFailure).toBe(true);
    expect(failing.headline).toMatch(/ fail-on-impact: any fails the run on any issue\.$/);
    expect(summariseOutcome(reportOf([refreshed(impactOf(false, 'none'))])).isFailure).toBe(false);
  });

  it('counts a connection whose refresh failed as failed, never as refreshed', () => {
    const failed: ConnectionResult = {
      ...refreshed(impactOf(false)),
      status: 'failed',
      error: 'the job failed',
    };
    delete failed.impact;
    const outcome = summariseOutcome(reportOf([failed, withoutModels]));
    expect(outcome).toMatchObject({ changed: 0, failed: 1, isFailure: true });
    expect(outcome.headline).toBe('1 of 2 connections failed; 0 refreshed.');
  });

  it('titles the summary, words the table, and says why a connection is left out as a note', () => {
    const markdown = renderReportMarkdown(reportOf([refreshed(impactOf(true)), perBranch, withoutModels]), {
      fullPlanLocation: 'the log',
      redactor: createRedactor(),
    });
    expect(markdown).toContain('## ❌ Omni dbt schema refresh');
    expect(markdown).toContain('**Refresh:** 3 connections: 1 refreshed, 2 skipped.');
    expect(markdown).toContain(
      '| Snowflake production | `550e8400-e29b-41d4-a716-446655440000` | 🔄 refresh | ✅ refreshed | — |',
    );
    expect(markdown).toContain('### Impact on Omni: Snowflake production');
    expect(markdown).toContain('> [!NOTE]\n> Not part of this run: the connection lists no');
    expect(markdown).toContain('> [!WARNING]\n> Omni refreshes the schema of Postgres finance per branch');
    expect(markdown).not.toContain('[!CAUTION]');
  });

  it('shows a terminal the refreshed connection, its impact, and a note for one left out', () => {
    const text = renderTerminalReport(reportOf([refreshed(impactOf(true)), withoutModels]), PLAIN_PALETTE);
    expect(text).toContain('Omni schema refresh of omni-dbt.yml');
    expect(text).toContain('  ~ refreshed  Snowflake production (550e8400-e29b-41d4-a716-446655440000)');
    expect(text).toContain('    ✗ breaks 1 dashboard (1 query); 1 already broken before');
    expect(text).toContain('           https://acme.omniapp.co/dashboards/rev');
    expect(text).toContain(`      note: ${NO_MODELS_REASON}`);
    expect(text).toContain('Refresh: 2 connections: 1 refreshed, 1 skipped.');
  });
});
