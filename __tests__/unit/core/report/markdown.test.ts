import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT_CHARS, renderReportMarkdown } from '../../../../src/core/report/markdown.js';
import { buildResultOutput, summariseOutcome } from '../../../../src/core/report/outcome.js';
import type { ConnectionResult, RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';

const connection = (overrides: Partial<ConnectionResult>): ConnectionResult => ({
  connectionId: '550e8400-e29b-41d4-a716-446655440000',
  name: 'Snowflake production',
  action: 'unchanged',
  status: 'unchanged',
  changes: [],
  rotateKeys: false,
  ...overrides,
});

const baseReport = (overrides: Partial<RunReport> = {}): RunReport => ({
  mode: 'apply',
  isValidationOnly: false,
  configPath: 'omni-dbt.yml',
  commit: '0123456789abcdef0123',
  issues: [],
  connections: [],
  isCancelled: false,
  failOnChanges: false,
  ...overrides,
});

const update = connection({
  connectionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'Snowflake staging',
  action: 'update',
  status: 'applied',
  httpStatus: 200,
  changes: [{ field: 'branch', from: 'main', to: 'staging' }],
});

describe('summariseOutcome', () => {
  it('counts applied connections as changed in apply and passes', () => {
    const outcome = summariseOutcome(baseReport({ connections: [connection({}), update] }));
    expect(outcome).toEqual({
      changed: 1,
      failed: 0,
      hasChanges: true,
      isFailure: false,
      headline: 'Changed 1 of 2 connections.',
    });
  });

  it('passes a dry-run with pending changes, and fails it with fail-on-changes', () => {
    const planned = { ...update, status: 'planned' as const, httpStatus: undefined };
    const dryRun = baseReport({ mode: 'dry-run', connections: [planned] });
    expect(summariseOutcome(dryRun)).toMatchObject({ changed: 1, hasChanges: true, isFailure: false });
    expect(summariseOutcome({ ...dryRun, failOnChanges: true })).toMatchObject({ isFailure: true });
  });

  it.each([
    ['a failed connection', { connections: [connection({ status: 'failed', httpStatus: 404, error: 'x' })] }],
    ['a skipped connection', { connections: [connection({ status: 'skipped' })] }],
    [
      'a validation error',
      { issues: [{ severity: 'error', file: 'f', line: 1, column: 1, field: 'x', message: 'm' }] },
    ],
    ['a fatal error', { fatalError: 'Omni refused the API token (401).' }],
    ['a cancellation', { isCancelled: true }],
  ] as const)('fails on %s', (_label, overrides) => {
    expect(summariseOutcome(baseReport(overrides as Partial<RunReport>)).isFailure).toBe(true);
  });

  it('does not fail on warnings alone', () => {
    const warning = { severity: 'warning' as const, file: 'f', line: 1, column: 1, field: 'x', message: 'm' };
    expect(summariseOutcome(baseReport({ issues: [warning] })).isFailure).toBe(false);
  });
});

describe('buildResultOutput', () => {
  it('lists every connection with the keys the README lists, absent values as null', () => {
    const parsed = JSON.parse(
      buildResultOutput(baseReport({ connections: [connection({ name: undefined }), update] })),
    );
    expect(parsed).toEqual({
      mode: 'apply',
      connections: [
        {
          id: '550e8400-e29b-41d4-a716-446655440000',
          name: null,
          action: 'unchanged',
          status: 'unchanged',
          httpStatus: null,
          error: null,
          changes: [],
        },
        {
          id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
          name: 'Snowflake staging',
          action: 'update',
          status: 'applied',
          httpStatus: 200,
          error: null,
          changes: [{ field: 'branch', from: 'main', to: 'staging' }],
        },
      ],
    });
  });
});

describe('renderReportMarkdown', () => {
  const options = {
    maxChars: COMMENT_LIMIT_CHARS,
    fullPlanLocation: 'the job summary',
    redactor: createRedactor(),
  };

  it('shows the table, the plan line and a collapsible diff', () => {
    const md = renderReportMarkdown(baseReport({ connections: [connection({}), update] }), options);
    expect(md).toContain('**Applied:** 2 connections: 1 updated, 1 unchanged.');
    expect(md).toContain(
      '| Snowflake staging | `7c9e6679-7425-40de-944b-e07fc1f90ae7` | ✏️ update | ✅ applied | 200 |',
    );
    expect(md).toContain('<details><summary>Snowflake staging — ✅ applied: 1 field</summary>');
    expect(md).toContain('| `branch` | `"main"` | `"staging"` |');
    expect(md).toContain('commit `0123456789ab`');
  });

  it('shows an error with its hint', () => {
    const failed = connection({
      status: 'failed',
      action: undefined,
      httpStatus: 404,
      error: 'Not found',
      hint: 'Check omni-url.',
    });
    const md = renderReportMarkdown(baseReport({ connections: [failed] }), options);
    expect(md).toContain('> Not found');
    expect(md).toContain('**How to fix:** Check omni-url.');
  });

  it('escapes table-breaking characters in names and values', () => {
    const odd = connection({
      name: 'a|b<script>',
      action: 'update',
      status: 'planned',
      changes: [{ field: 'branch', from: 'x|y', to: 'z' }],
    });
    const md = renderReportMarkdown(baseReport({ mode: 'dry-run', connections: [odd] }), options);
    expect(md).toContain('a\\|b&lt;script&gt;');
    expect(md).not.toContain('<script>');
  });

  it('lists every validation issue, not only the first ten', () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({
      severity: 'error' as const,
      file: 'omni-dbt.yml',
      line: i + 1,
      column: 3,
      field: `connections[${i}].branch`,
      message: 'expected a string',
    }));
    const md = renderReportMarkdown(baseReport({ issues }), options);
    expect(md).toContain('### 25 errors');
    expect(md).toContain('omni-dbt.yml:25:3: connections[24].branch: expected a string');
  });

  it('drops diffs from the largest down to fit, keeps the table and says where the full plan is', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      connection({
        connectionId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        name: `conn ${i}`,
        action: 'update',
        status: 'planned',
        changes: [{ field: 'sshUrl', from: 'x'.repeat(i * 3), to: 'y'.repeat(i * 3) }],
      }),
    );
    const report = baseReport({ mode: 'dry-run', connections: many });
    const full = renderReportMarkdown(report, { ...options, maxChars: 10_000_000 });
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT_CHARS);
    const md = renderReportMarkdown(report, options);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    for (let i = 0; i < 300; i += 1) expect(md).toContain(`| conn ${i} |`);
    expect(md).toContain('The full plan is in the job summary.');
    // The largest diffs went first: the smallest is still there, the largest is not.
    expect(md).toContain('<summary>conn 1 — ');
    expect(md).not.toContain('<summary>conn 299 — ');
  });
});

describe('the collapsible title of a failed connection', () => {
  const options = {
    maxChars: COMMENT_LIMIT_CHARS,
    fullPlanLocation: 'the job summary',
    redactor: createRedactor(),
  };
  it('names the HTTP status, or a short excerpt of a network error', () => {
    const http = connection({
      status: 'failed',
      action: undefined,
      httpStatus: 404,
      error: 'GET /v1/…: Not found',
    });
    const network = connection({
      connectionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      name: 'Staging',
      status: 'failed',
      action: undefined,
      error: `connect ECONNREFUSED 127.0.0.1:1 ${'x'.repeat(100)}`,
    });
    const md = renderReportMarkdown(baseReport({ connections: [http, network] }), options);
    expect(md).toContain('<summary>Snowflake production — ❌ failed: HTTP 404</summary>');
    expect(md).toMatch(/<summary>Staging — ❌ failed: connect ECONNREFUSED 127\.0\.0\.1:1 x+…<\/summary>/);
    expect(md).toContain('**Applied:** 2 connections: 2 failed.');
    expect(summariseOutcome(baseReport({ connections: [http] })).headline).toBe(
      '1 of 1 connection failed; 0 changed.',
    );
  });
});
