// The models family's reading of Omni's answers, table by table: every published form of model validation,
// job status and content issues into one shape, and what a 400 of a refresh says about branch_id.
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_ERROR_MESSAGE,
  parseContentValidation,
  parseJobStatus,
  parseModelValidation,
  readBranchRefreshRefusal,
} from '../../../../src/core/omni/models.js';

describe('parseModelValidation', () => {
  it.each([
    [
      'docs.omni.co’s array, a YAML path',
      [{ message: 'Bad', is_warning: false, yaml_path: 'orders.view', auto_fix: null }],
      [{ message: 'Bad', where: 'orders.view', isWarning: false }],
    ],
    [
      'docs.omni.co’s array, no YAML path, a warning',
      [{ message: 'Meh', is_warning: true, yaml_path: null, auto_fix: { yaml: 'x' } }],
      [{ message: 'Meh', where: null, isWarning: true }],
    ],
    [
      'the contract’s object, view and field',
      { valid: false, issues: [{ message: 'Bad', severity: 'error', view: 'orders', field: 'amount' }] },
      [{ message: 'Bad', where: 'orders.amount', isWarning: false }],
    ],
    [
      'the contract’s object, a field already scoped by its view',
      {
        valid: false,
        issues: [{ message: 'Bad', severity: 'error', view: 'orders', field: 'orders.amount' }],
      },
      [{ message: 'Bad', where: 'orders.amount', isWarning: false }],
    ],
    [
      'the contract’s object, a view alone, a warning',
      { valid: true, issues: [{ message: 'Meh', severity: 'warning', view: 'orders' }] },
      [{ message: 'Meh', where: 'orders', isWarning: true }],
    ],
    [
      'the contract’s object, a field alone',
      { valid: false, issues: [{ message: 'Bad', severity: 'error', field: 'amount', view: '' }] },
      [{ message: 'Bad', where: 'amount', isWarning: false }],
    ],
    ['an empty array', [], []],
    ['a valid model', { valid: true, issues: [] }, []],
  ])('%s', (_, answer, issues) => {
    expect(parseModelValidation(answer)).toEqual({ ok: true, value: issues });
  });

  it.each([
    ['an array item without is_warning', [{ message: 'Bad' }]],
    ['an object without valid', { issues: [] }],
    ['an unknown severity', { valid: false, issues: [{ message: 'Bad', severity: 'fatal' }] }],
    ['a string', 'ok'],
  ])('refuses %s', (_, answer) => {
    expect(parseModelValidation(answer)).toMatchObject({ ok: false });
  });
});

describe('parseJobStatus', () => {
  it.each([
    ['IN_PROGRESS', 'REFRESH_SCHEMA', 'running'],
    ['RUNNING', 'refresh_schema', 'running'],
    ['running', 'refresh_schema', 'running'],
    ['COMPLETED', 'REFRESH_SCHEMA', 'completed'],
    ['completed', 'refresh_schema', 'completed'],
    ['FAILED', 'refresh_schema', 'failed'],
    ['failed', 'REFRESH_SCHEMA', 'failed'],
  ])('reads status %s of job type %s as %s', (status, jobType, state) => {
    expect(parseJobStatus({ job_id: 'j1', job_type: jobType, status }, 'j1')).toEqual({
      ok: true,
      value: { jobId: 'j1', state },
    });
  });

  it.each([
    ['an unpublished state', { job_id: 'j1', job_type: 'REFRESH_SCHEMA', status: 'QUEUED' }, /status/],
    ['another job type', { job_id: 'j1', job_type: 'AI_JOB', status: 'COMPLETED' }, /job_type/],
    [
      'another job',
      { job_id: 'j2', job_type: 'REFRESH_SCHEMA', status: 'COMPLETED' },
      /about job j2, not j1/,
    ],
  ])('refuses %s', (_, answer, reason) => {
    const parsed = parseJobStatus(answer, 'j1');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});

describe('parseContentValidation', () => {
  const shared = { branchId: undefined, isWithIssuesOnly: true };
  const document = (fields: object) => ({ document_id: 'd1', identifier: 'dash', name: 'Dash', ...fields });
  const answer = (content: unknown[], branch: object | null = null) => ({ branch, content, model_id: 'm' });
  const base = { documentId: 'd1', identifier: 'dash', documentName: 'Dash', folderPath: null };

  it.each([
    [
      'a query issue given as a string (docs.omni.co’s example)',
      document({
        folder: { name: 'Finance', path: '/Finance' },
        queries_and_issues: [
          { query_name: 'Q', query_presentation_id: 'p1', query_id_map_key: 'k1', issues: ['Field gone'] },
        ],
      }),
      [
        {
          ...base,
          folderPath: '/Finance',
          kind: 'query',
          queryName: 'Q',
          queryId: 'p1',
          message: 'Field gone',
        },
      ],
    ],
    [
      'a query issue given as an object, with only the map key as id',
      document({
        queries_and_issues: [
          { query_name: 'Q', query_id_map_key: 'k1', issues: [{ message: 'Field gone' }] },
        ],
      }),
      [{ ...base, kind: 'query', queryName: 'Q', queryId: 'k1', message: 'Field gone' }],
    ],
    [
      'dashboard filter issues as a string and an object',
      document({ dashboard_filter_issues: ['Filter gone', { message: 'Filter broken', filter: 'x' }] }),
      [
        { ...base, kind: 'filter', queryName: null, queryId: null, message: 'Filter gone' },
        { ...base, kind: 'filter', queryName: null, queryId: null, message: 'Filter broken' },
      ],
    ],
    [
      'a document with issues but none it describes: a document error',
      document({ queries_and_issues: [{ query_name: 'Q', issues: [] }], dashboard_filter_issues: [] }),
      [{ ...base, kind: 'document', queryName: null, queryId: null, message: DOCUMENT_ERROR_MESSAGE }],
    ],
    [
      'a document without document_id: its identifier stands in',
      { identifier: 'dash', name: 'Dash', folder: null, queries_and_issues: [{ issues: ['X'] }] },
      [{ ...base, documentId: 'dash', kind: 'query', queryName: null, queryId: null, message: 'X' }],
    ],
  ])('%s', (_, item, issues) => {
    expect(parseContentValidation(answer([item]), shared)).toEqual({
      ok: true,
      value: { issues, documentCount: 1 },
    });
  });

  it('lists no issue for a document without any when every document was asked for', () => {
    const parsed = parseContentValidation(answer([document({ queries_and_issues: [{ query_name: 'Q' }] })]), {
      branchId: undefined,
      isWithIssuesOnly: false,
    });
    expect(parsed).toEqual({ ok: true, value: { issues: [], documentCount: 1 } });
  });

  it.each([
    ['an item that is not an object', answer(['dash']), shared, /content\.0/],
    ['an item without an identifier', answer([{ name: 'Dash' }]), shared, /content\.0\.identifier/],
    [
      'an issue without a message',
      answer([document({ dashboard_filter_issues: [{ text: 'x' }] })]),
      shared,
      /dashboard_filter_issues\.0/,
    ],
    [
      'issues that are not a list',
      answer([document({ queries_and_issues: [{ issues: 'x' }] })]),
      shared,
      /issues/,
    ],
    [
      'no branch in the answer',
      answer([]),
      { branchId: 'b1', isWithIssuesOnly: true },
      /about the shared model, not branch b1/,
    ],
    [
      'another branch',
      answer([], { id: 'b2', name: 'x' }),
      { branchId: 'b1', isWithIssuesOnly: true },
      /about branch b2, not branch b1/,
    ],
    [
      'a branch when the shared model was asked for',
      answer([], { id: 'b2', name: 'x' }),
      shared,
      /about branch b2, not the shared model/,
    ],
  ])('refuses %s', (_, value, expected, reason) => {
    const parsed = parseContentValidation(value, expected);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });

  it('compares branch ids without case', () => {
    const parsed = parseContentValidation(answer([], { id: 'AB-1', name: 'x' }), {
      branchId: 'ab-1',
      isWithIssuesOnly: true,
    });
    expect(parsed.ok).toBe(true);
  });
});

describe('readBranchRefreshRefusal', () => {
  const refused = 'branch_id is not allowed: branch-based schema refresh is not enabled for this connection';
  const required = 'branch_id is required: branch-based schema refresh is enabled for this connection';
  const contract =
    'Bad request - branch_id required when branch-based schema refresh is enabled, or branch_id not allowed when it is not enabled';
  it.each([
    [400, refused, true, false],
    [400, required, false, true],
    [400, contract, true, false],
    [400, contract, false, true],
    [400, 'Branch-based schema refresh is disabled for this connection', true, false],
    [400, 'A branch_id must be provided for this connection', false, true],
    // Not about branch_id, or not a 400: a plain error.
    [400, 'Model is locked', true, undefined],
    [400, 'Model is locked', false, undefined],
    [400, 'branch_id must be a UUID', true, undefined],
    [404, refused, true, undefined],
    [400, undefined, true, undefined],
    // Refused with no branch_id sent cannot be "not allowed"; required with one sent cannot be "required".
    [400, refused, false, undefined],
    [400, required, true, undefined],
  ])('HTTP %i "%s", branch_id sent: %s → %s', (status, detail, wasSent, hasBranchBasedRefresh) => {
    expect(readBranchRefreshRefusal(status, detail, wasSent)).toBe(hasBranchBasedRefresh);
  });
});
