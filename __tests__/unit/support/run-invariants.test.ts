// The soak's invariant checker: silent on a sound run, and loud on each way a run can go wrong.
import { describe, expect, it } from 'vitest';
import type { DbtPutBody } from '../../../src/core/omni/dbt.js';
import { renderReportMarkdown } from '../../../src/core/report/markdown.js';
import { buildResultOutput, summariseOutcome } from '../../../src/core/report/outcome.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';
import { createRedactor } from '../../../src/core/secrets.js';
import { checkRunInvariants, type RunObservation } from '../../support/run-invariants.js';

const TOKEN = 'omni-unit-SECRET-token-5e1f';
const APPLIED = '550e8400-e29b-41d4-a716-446655440000';
const UNCHANGED = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const FAILED = '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d';

const BODY: DbtPutBody = {
  sshUrl: 'git@github.com:acme/analytics.git',
  branch: 'main',
  autogenRelationships: true,
  enableVirtualSchemas: true,
  enableSemanticLayer: false,
  projectRootPath: null,
  dbtVersion: '1.11',
};

const CONNECTIONS: ConnectionResult[] = [
  {
    connectionId: APPLIED,
    name: 'Applied one',
    action: 'update',
    status: 'applied',
    httpStatus: 200,
    changes: [{ field: 'branch', from: 'dev', to: 'main' }],
    rotateKeys: false,
  },
  {
    connectionId: UNCHANGED,
    name: 'Unchanged one',
    action: 'unchanged',
    status: 'unchanged',
    changes: [],
    rotateKeys: false,
  },
  {
    connectionId: FAILED,
    name: 'Failed one',
    status: 'failed',
    httpStatus: 404,
    error: 'GET /v1/connections/x/dbt: Omni answered HTTP 404',
    changes: [],
    rotateKeys: false,
  },
];

function makeReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    mode: 'apply',
    isValidationOnly: false,
    configPath: 'omni-dbt.yml',
    issues: [],
    connections: CONNECTIONS,
    isCancelled: false,
    failOnChanges: false,
    ...overrides,
  };
}

/** A sound observation of `report`, with Omni holding the desired state everywhere. */
function observe(report: RunReport, overrides: Partial<RunObservation> = {}): RunObservation {
  const outcome = summariseOutcome(report);
  return {
    mode: report.mode,
    expectedIds: [APPLIED, UNCHANGED, FAILED],
    desiredBodies: { [APPLIED]: BODY, [UNCHANGED]: BODY, [FAILED]: BODY },
    failOnChanges: report.failOnChanges,
    hasValidationErrors: false,
    wasCancelled: report.isCancelled,
    sawUnauthorized: false,
    resultOutput: buildResultOutput(report),
    summary: renderReportMarkdown(report, {
      maxChars: 100_000,
      fullPlanLocation: 'the log',
      redactor: createRedactor(),
    }),
    counts: { changed: outcome.changed, failed: outcome.failed, hasChanges: outcome.hasChanges },
    isFailure: outcome.isFailure,
    requests: [
      { method: 'GET', connectionId: APPLIED, status: 200 },
      { method: 'GET', connectionId: UNCHANGED, status: 200 },
      { method: 'GET', connectionId: FAILED, status: 404 },
      { method: 'PUT', connectionId: APPLIED, status: 200 },
    ],
    readDbtState: (id) => (id === FAILED ? undefined : { ...BODY, dbtVersion: '1.11' }),
    secrets: [TOKEN],
    texts: [],
    ...overrides,
  };
}

describe('checkRunInvariants', () => {
  it('finds nothing wrong with a sound apply', () => {
    expect(checkRunInvariants(observe(makeReport()))).toEqual([]);
  });

  it('finds nothing wrong with a sound dry-run that plans a change', () => {
    const report = makeReport({
      mode: 'dry-run',
      connections: CONNECTIONS.map((c) => (c.status === 'applied' ? { ...c, status: 'planned' } : c)),
    });
    const requests = observe(report).requests.filter((r) => r.method === 'GET');
    expect(checkRunInvariants(observe(report, { requests }))).toEqual([]);
  });

  it('accepts Omni’s equivalent values as the desired state ("" for null, null for "Auto")', () => {
    const run = observe(makeReport(), {
      desiredBodies: { [APPLIED]: { ...BODY, dbtVersion: null }, [UNCHANGED]: BODY, [FAILED]: BODY },
      readDbtState: (id) => ({ ...BODY, projectRootPath: '', dbtVersion: id === APPLIED ? 'Auto' : '1.11' }),
    });
    expect(checkRunInvariants(run)).toEqual([]);
  });

  const broken: [string, () => RunObservation, RegExp][] = [
    [
      'a connection listed twice',
      () => observe(makeReport({ connections: [...CONNECTIONS, CONNECTIONS[0] as ConnectionResult] })),
      new RegExp(`result lists connection ${APPLIED} 2 times`),
    ],
    [
      'a connection missing',
      () => observe(makeReport({ connections: CONNECTIONS.slice(1) })),
      new RegExp(`result lists connection ${APPLIED} 0 times`),
    ],
    [
      'a connection that was not selected',
      () => observe(makeReport(), { expectedIds: [APPLIED, FAILED] }),
      /not selected/,
    ],
    [
      'a summary row missing',
      () => {
        const run = observe(makeReport());
        return {
          ...run,
          summary: run.summary
            .split('\n')
            .filter((l) => !l.includes(`\`${UNCHANGED}\` |`))
            .join('\n'),
        };
      },
      new RegExp(`summary table has 0 rows for connection ${UNCHANGED}`),
    ],
    [
      'a summary row whose status disagrees with the result',
      () => {
        const run = observe(makeReport());
        return { ...run, summary: run.summary.replace('❌ failed', '✅ applied') };
      },
      /summary shows .* as "✅ applied", the result says failed/,
    ],
    [
      'a changed count that disagrees with the result',
      () => observe(makeReport(), { counts: { changed: 2, failed: 1, hasChanges: true } }),
      /changed is 2, the result has 1/,
    ],
    [
      'a failed count that disagrees with the result',
      () => observe(makeReport(), { counts: { changed: 1, failed: 0, hasChanges: true } }),
      /failed is 0, the result has 1/,
    ],
    [
      'has-changes without changes',
      () =>
        observe(makeReport({ connections: CONNECTIONS.slice(1) }), {
          expectedIds: [UNCHANGED, FAILED],
          counts: { changed: 0, failed: 1, hasChanges: true },
        }),
      /has-changes is true, changed is 0/,
    ],
    [
      'applied without the state in Omni',
      () =>
        observe(makeReport(), { readDbtState: (id) => (id === APPLIED ? { ...BODY, branch: 'dev' } : BODY) }),
      new RegExp(`${APPLIED} is applied, but Omni's branch differ`),
    ],
    [
      'applied where Omni has no dbt configuration',
      () => observe(makeReport(), { readDbtState: (id) => (id === APPLIED ? null : BODY) }),
      new RegExp(`${APPLIED} is applied, but Omni has no dbt configuration`),
    ],
    [
      'applied without a PUT answered 2xx',
      () =>
        observe(makeReport(), {
          requests: [{ method: 'PUT', connectionId: APPLIED, status: 503 }],
        }),
      /no PUT for it was answered 2xx/,
    ],
    [
      'the token in the summary',
      () => {
        const run = observe(makeReport());
        return { ...run, summary: `${run.summary}\nBearer ${TOKEN}` };
      },
      /token appears in the summary/,
    ],
    [
      'the token in a retry log line',
      () => observe(makeReport(), { texts: [{ where: 'retry log', text: `GET failed for ${TOKEN}` }] }),
      /token appears in the retry log/,
    ],
    [
      'a pass where a connection failed',
      () => observe(makeReport(), { isFailure: false }),
      /run passed, the README's "Exit status" says it should fail/,
    ],
    [
      'a failure where everything went well',
      () =>
        observe(makeReport({ connections: CONNECTIONS.slice(0, 2) }), {
          expectedIds: [APPLIED, UNCHANGED],
          isFailure: true,
        }),
      /run failed, the README's "Exit status" says it should pass/,
    ],
    [
      'a pass after a cancellation',
      () =>
        observe(makeReport({ connections: CONNECTIONS.slice(0, 2) }), {
          expectedIds: [APPLIED, UNCHANGED],
          wasCancelled: true,
        }),
      /run passed, the README's "Exit status" says it should fail/,
    ],
    [
      'a pass after a 401',
      () =>
        observe(makeReport({ connections: CONNECTIONS.slice(0, 2) }), {
          expectedIds: [APPLIED, UNCHANGED],
          sawUnauthorized: true,
        }),
      /run passed, the README's "Exit status" says it should fail/,
    ],
    [
      'a pass of a drifted dry-run with fail-on-changes',
      () => {
        const report = makeReport({
          mode: 'dry-run',
          failOnChanges: true,
          connections: [{ ...(CONNECTIONS[0] as ConnectionResult), status: 'planned' }],
        });
        return observe(report, { expectedIds: [APPLIED], requests: [], isFailure: false });
      },
      /run passed, the README's "Exit status" says it should fail/,
    ],
    [
      'a PUT in a dry-run',
      () => {
        const report = makeReport({
          mode: 'dry-run',
          connections: CONNECTIONS.map((c) => (c.status === 'applied' ? { ...c, status: 'planned' } : c)),
        });
        return observe(report);
      },
      /a dry-run sent 1 PUT/,
    ],
    [
      'an applied status in a dry-run',
      () => observe(makeReport({ mode: 'dry-run' }), { requests: [] }),
      /status applied, not one a dry-run can give/,
    ],
    [
      'a failure without an error',
      () =>
        observe(
          makeReport({
            connections: CONNECTIONS.map((c) => (c.status === 'failed' ? { ...c, error: undefined } : c)),
          }),
        ),
      /is failed without an error/,
    ],
    [
      'requests sent for a file with errors',
      () => observe(makeReport(), { hasValidationErrors: true }),
      /the file has errors, yet 4 request/,
    ],
    [
      'a connection of a file with errors that is not skipped',
      () => observe(makeReport(), { hasValidationErrors: true, requests: [] }),
      /is unchanged, though the file has errors/,
    ],
    [
      'a result output that is not JSON',
      () => observe(makeReport(), { resultOutput: 'undefined' }),
      /result output is not JSON/,
    ],
  ];

  it.each(broken)('reports %s', (_label, makeRun, expected) => {
    const violations = checkRunInvariants(makeRun());
    expect(
      violations.some((v) => expected.test(v)),
      violations.join('\n'),
    ).toBe(true);
  });
});
