// The record of a branch the action created (OMNI_DBT_PREVIEW_BRANCH) and what a close does with the branch
// (README, "Impact on Omni", "Close and sweep"): deleted only when deleteBranch is set and the record names
// this pull request's branch; never a branch the action did not create.
import { describe, expect, it } from 'vitest';
import type { LiveEnvironment } from '../../../../src/core/omni/environments.js';
import type { ResolvedEnvironment } from '../../../../src/core/plan/environments.js';
import {
  planBranchClose,
  readBranchRecord,
  withBranchRecord,
} from '../../../../src/core/plan/preview-branch.js';

function live(variables: LiveEnvironment['variables'], ownerId: string | null = null): LiveEnvironment {
  return {
    id: 'e0000000-0000-4000-8000-000000000001',
    name: 'PR 12',
    targetSchema: 'dbt_pr_12',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    isDefaultEnvironment: false,
    ownerId,
    variables,
  } as LiveEnvironment;
}

const recordOf = (value: string | null, isSecret = false) =>
  live([{ id: 'f1', name: 'OMNI_DBT_PREVIEW_BRANCH', isSecret, value }] as LiveEnvironment['variables']);

describe('readBranchRecord', () => {
  it('reads the plain variable of a shared environment', () => {
    expect(readBranchRecord(recordOf('feature/x'))).toBe('feature/x');
  });

  it.each([
    ['a secret one', recordOf('feature/x', true)],
    ['an empty one', recordOf('')],
    ['a null one', recordOf(null)],
    ['none', live([])],
    [
      'a personal environment',
      live(
        [
          { id: 'f1', name: 'OMNI_DBT_PREVIEW_BRANCH', isSecret: false, value: 'x' },
        ] as LiveEnvironment['variables'],
        'a11ce',
      ),
    ],
  ])('reads nothing from %s', (_, environment) => {
    expect(readBranchRecord(environment)).toBeUndefined();
  });
});

describe('withBranchRecord', () => {
  it('adds the record once, as a plain variable', () => {
    const environment = {
      name: 'PR 12',
      targetSchema: 'dbt_pr_12',
      targetDatabase: null,
      targetRole: null,
      targetName: null,
      variables: [{ name: 'OMNI_DBT_PREVIEW_BRANCH', isSecret: false, value: 'old' }],
      position: { line: 1, column: 1 },
    } satisfies ResolvedEnvironment;
    expect(withBranchRecord(environment, 'pr-12').variables).toEqual([
      { name: 'OMNI_DBT_PREVIEW_BRANCH', isSecret: false, value: 'pr-12' },
    ]);
  });
});

describe('planBranchClose', () => {
  it('deletes the branch the record names when it is the pull request’s', () => {
    expect(
      planBranchClose({ isDeletingBranch: true, records: ['pr-12', 'pr-12'], expectedName: 'pr-12' }),
    ).toEqual({
      action: 'delete',
      branchName: 'pr-12',
    });
  });

  it.each([
    [
      'deleteBranch is not set',
      { isDeletingBranch: false, records: ['pr-12'], expectedName: 'pr-12' },
      'set `deleteBranch: true`',
    ],
    [
      'nothing records it',
      { isDeletingBranch: true, records: [], expectedName: 'pr-12' },
      'the action did not create it',
    ],
    [
      'the record names another branch',
      { isDeletingBranch: true, records: ['main'], expectedName: 'pr-12' },
      'the record is not trusted',
    ],
    [
      'two records disagree',
      { isDeletingBranch: true, records: ['pr-12', 'main'], expectedName: 'pr-12' },
      'none is deleted',
    ],
    [
      'no record and no deleteBranch',
      { isDeletingBranch: false, records: [], expectedName: 'pr-12' },
      'the action did not create it',
    ],
  ])('keeps the branch when %s, and says why', (_, options, says) => {
    const plan = planBranchClose(options);
    expect(plan.action).toBe('keep');
    expect(plan.action === 'keep' ? plan.note : '').toContain(says);
  });

  it('waits, keeping the record, when the pull request’s branch name cannot be known', () => {
    const plan = planBranchClose({
      isDeletingBranch: true,
      records: ['pr-12'],
      expectedName: undefined,
      whyNotRendered: 'GitHub answered 404',
    });
    expect(plan).toMatchObject({ action: 'wait', branchName: 'pr-12' });
    expect(plan.action === 'wait' ? plan.note : '').toContain('GitHub answered 404');
  });
});
