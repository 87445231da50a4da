// One counting model for plan and apply (README, "What a run does"): a connection's action is what happens
// to it as a whole, every connection and every part falls in exactly one bucket, and the headline, the count
// line, the table and the outputs say the same numbers; an apply counts what it did, in the past tense.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../../../src/core/report/markdown.js';
import {
  buildResultOutput,
  countConnections,
  countParts,
  describeRunCounts,
  summariseOutcome,
} from '../../../../src/core/report/outcome.js';
import type { ConnectionResult, EnvironmentResult, RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';
import { BIGQUERY_ID, PRODUCTION_ID, STAGING_ID } from '../../../support/dbt-fixtures.js';

const report = (overrides: Partial<RunReport>): RunReport => ({
  mode: 'dry-run',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  issues: [],
  connections: [],
  isCancelled: false,
  failOnChanges: false,
  ...overrides,
});

const environment = (
  name: string,
  action: EnvironmentResult['action'],
  status: EnvironmentResult['status'],
): EnvironmentResult => ({ name, action, status, changes: [] });

/** The demo's plan (examples/demo/omni-dbt.yml against sandbox/seed.json), as the run gives it. */
const DEMO_PLAN: ConnectionResult[] = [
  {
    connectionId: PRODUCTION_ID,
    name: 'Snowflake production',
    action: 'update',
    settings: { action: 'unchanged', status: 'unchanged' },
    status: 'planned',
    changes: [],
    rotateKeys: false,
    environments: [
      {
        ...environment('Production', 'update', 'planned'),
        changes: [{ field: 'targetSchema', from: 'a', to: 'b' }],
      },
      environment('CI', 'create', 'planned'),
      environment('Staging checks', 'unmanaged', 'unmanaged'),
      environment('Nightly full refresh', 'unmanaged', 'unmanaged'),
    ],
  },
  {
    connectionId: STAGING_ID,
    name: 'Snowflake staging',
    action: 'update',
    settings: { action: 'update', status: 'planned' },
    status: 'planned',
    changes: [{ field: 'branch', from: 'main', to: 'staging' }],
    rotateKeys: false,
  },
  {
    connectionId: BIGQUERY_ID,
    name: 'BigQuery analytics',
    action: 'create',
    settings: { action: 'create', status: 'planned' },
    status: 'planned',
    changes: [{ field: 'branch', from: null, to: 'main' }],
    rotateKeys: false,
  },
];

const markdownOptions = { fullPlanLocation: 'the log', redactor: createRedactor() };

describe('the counting model', () => {
  it('says of the demo plan one thing everywhere: 3 connections would change, 1 to create and 2 to update', () => {
    const plan = report({ connections: DEMO_PLAN });
    const outcome = summariseOutcome(plan);
    expect(outcome).toMatchObject({ changed: 3, hasChanges: true, isFailure: false });
    expect(outcome.headline).toBe('3 of 3 connections would change.');
    expect(describeRunCounts(plan)).toEqual({
      label: 'Plan',
      text: '3 connections: 1 to create, 2 to update; 4 environments: 1 to create, 1 to update, 2 not in the file',
    });
    const md = renderReportMarkdown(plan, markdownOptions);
    expect(md).toContain(
      '**Plan:** 3 connections: 1 to create, 2 to update; 4 environments: 1 to create, 1 to update, 2 not in the file.',
    );
    // The connection whose environments change is an update as a whole; its parts are beneath it.
    expect(md).toContain(
      `| Snowflake production | \`${PRODUCTION_ID}\` | ✏️ update<br>settings unchanged; environments: 1 to create, 1 to update, 2 not in the file | 📝 planned | — |`,
    );
    expect(md).not.toMatch(/\| unchanged \| 📝 planned \|/);
    expect(JSON.parse(buildResultOutput(plan)).connections.map((c: { action: string }) => c.action)).toEqual([
      'update',
      'update',
      'create',
    ]);
  });

  it('speaks of an apply in the past tense, with its own icon, counting what was done', () => {
    const applied = DEMO_PLAN.map((c) => ({
      ...c,
      status: 'applied' as const,
      environments: c.environments?.map((e) =>
        e.status === 'planned' ? { ...e, status: 'applied' as const } : e,
      ),
    }));
    const apply = report({ mode: 'apply', connections: applied });
    expect(summariseOutcome(apply).headline).toBe('Changed 3 of 3 connections.');
    const md = renderReportMarkdown(apply, markdownOptions);
    expect(md.startsWith('## ✅ Omni dbt apply')).toBe(true);
    expect(md).toContain(
      '**Applied:** 3 connections: 1 created, 2 updated; 4 environments: 1 created, 1 updated, 2 not in the file.',
    );
    expect(md).toContain(
      '✏️ update<br>settings unchanged; environments: 1 created, 1 updated, 2 not in the file',
    );
  });

  it('counts a failed write as failed, not as updated, in the connection and in its parts', () => {
    const [production, staging, bigquery] = DEMO_PLAN as [
      ConnectionResult,
      ConnectionResult,
      ConnectionResult,
    ];
    const apply = report({
      mode: 'apply',
      connections: [
        {
          ...production,
          status: 'failed',
          error: 'Writing environment "CI" failed.',
          environments: [
            environment('Production', 'update', 'applied'),
            environment('CI', 'create', 'failed'),
            environment('Staging checks', 'unmanaged', 'unmanaged'),
          ],
        },
        { ...staging, status: 'applied' },
        { ...bigquery, status: 'skipped', error: 'Not attempted: the run was cancelled.' },
      ],
    });
    expect(countConnections(apply)).toMatchObject({ changed: 1, failed: 1, stopped: 1, total: 3 });
    expect(describeRunCounts(apply).text).toBe(
      '3 connections: 1 updated, 1 failed, 1 skipped; 3 environments: 1 updated, 1 not in the file, 1 failed',
    );
    expect(summariseOutcome(apply)).toMatchObject({
      changed: 1,
      failed: 1,
      isFailure: true,
      headline: '1 of 3 connections failed; 1 changed.',
    });
  });

  it('puts every connection and every part in exactly one bucket, so each count adds up to its total', () => {
    const statuses = ['applied', 'planned', 'unchanged', 'failed', 'skipped'] as const;
    const partStatuses = [...statuses, 'unmanaged'] as const;
    const partActions = ['create', 'update', 'delete', 'unchanged', 'unmanaged'] as const;
    const part = fc.record({
      name: fc.string(),
      action: fc.constantFrom(...partActions),
      status: fc.constantFrom(...partStatuses),
      changes: fc.constant([] as never[]),
    });
    const connection = fc.record({
      connectionId: fc.uuid(),
      action: fc.option(fc.constantFrom('create', 'update', 'unchanged' as const), { nil: undefined }),
      status: fc.constantFrom(...statuses),
      changes: fc.constant([] as never[]),
      rotateKeys: fc.boolean(),
      environments: fc.option(fc.array(part, { maxLength: 5 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('dry-run', 'apply' as const),
        fc.array(connection, { maxLength: 8 }),
        (mode, connections) => {
          const run = report({ mode, connections: connections as ConnectionResult[] });
          const counts = countConnections(run);
          const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
          expect(sum(counts.counts)).toBe(connections.length);
          expect(counts.changed).toBe(counts.counts.create + counts.counts.update + counts.counts.delete);
          expect(summariseOutcome(run).changed).toBe(counts.changed);
          for (const parts of countParts(run)) expect(sum(parts.counts)).toBe(parts.total);
          // The count line's numbers add up to the totals it names.
          for (const segment of describeRunCounts(run).text.split('; ')) {
            const [total, buckets = ''] = segment.split(': ');
            const named = Number.parseInt(total ?? '', 10);
            const added = [...buckets.matchAll(/(\d+) /g)].reduce((n, match) => n + Number(match[1]), 0);
            expect(added).toBe(named);
          }
        },
      ),
    );
  });

  it('does not fail a run for connections skipped by design (validation only), but for ones something stopped', () => {
    const skipped = (isOutOfScope: boolean): ConnectionResult => ({
      connectionId: PRODUCTION_ID,
      status: 'skipped',
      error: 'Not planned: there is no api-token, so only the file was validated.',
      changes: [],
      rotateKeys: false,
      ...(isOutOfScope ? { isOutOfScope: true } : {}),
    });
    const validationOnly = report({
      isValidationOnly: true,
      isStoppedBeforeOmni: true,
      connections: [skipped(true)],
    });
    expect(summariseOutcome(validationOnly).isFailure).toBe(false);
    expect(JSON.parse(buildResultOutput(validationOnly)).connections).toEqual([
      {
        id: PRODUCTION_ID,
        name: null,
        action: null,
        status: 'skipped',
        httpStatus: null,
        error: 'Not planned: there is no api-token, so only the file was validated.',
        changes: [],
      },
    ]);
    expect(summariseOutcome(report({ connections: [skipped(false)] })).isFailure).toBe(true);
  });

  it('says what a cancelled run did, counted', () => {
    const [production, staging] = DEMO_PLAN as [ConnectionResult, ConnectionResult];
    const cancelled = report({
      mode: 'apply',
      isCancelled: true,
      connections: [
        { ...staging, status: 'applied' },
        { ...production, status: 'skipped', error: 'Not attempted: the run was cancelled.' },
      ],
    });
    expect(summariseOutcome(cancelled).headline).toBe('The run was cancelled: 1 updated, 1 skipped.');
  });
});
