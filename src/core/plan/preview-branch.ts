// Pure side of a preview's Omni branch (README, "Impact on Omni", "Branch" and "Close and sweep"): the record
// OMNI_DBT_PREVIEW_BRANCH that a preview environment keeps of the branch the action created for it, and what
// a close or a sweep does with the branch: delete it only when that record names it, else leave it.
import { PREVIEW_BRANCH_VARIABLE } from '../config/schema.js';
import type { LiveEnvironment } from '../omni/environments.js';
import { type ResolvedEnvironment, readPlainVariable } from './environments.js';

/** The branch name a shared environment records as created by the action, or undefined. */
export function readBranchRecord(environment: LiveEnvironment): string | undefined {
  return readPlainVariable(environment, PREVIEW_BRANCH_VARIABLE);
}

/** The environment with its record of the branch: the plain variable OMNI_DBT_PREVIEW_BRANCH. */
export function withBranchRecord(environment: ResolvedEnvironment, branchName: string): ResolvedEnvironment {
  return {
    ...environment,
    variables: [
      ...environment.variables.filter((variable) => variable.name !== PREVIEW_BRANCH_VARIABLE),
      { name: PREVIEW_BRANCH_VARIABLE, isSecret: false, value: branchName },
    ],
  };
}

export type BranchClosePlan =
  | { action: 'delete'; branchName: string }
  | { action: 'keep'; branchName: string | undefined; note: string }
  /** A recorded branch whose pull request's name could not be known: neither it nor its record goes yet. */
  | { action: 'wait'; branchName: string; note: string };

/**
 * What a close (or the sweep) does with the branch of a closed pull request's environments. `records` are
 * the OMNI_DBT_PREVIEW_BRANCH values of its environments; `expectedName` the branch name the preview block
 * renders for that pull request (undefined when it could not be rendered). The branch is deleted only when
 * `deleteBranch` is set, a record names it, and that name is the pull request's branch: never a branch the
 * action did not create, never one a record names that the pull request would not have. When the
 * pull request's name cannot be known (the sweep could not ask GitHub), the decision waits: the
 * environment, which holds the record, is kept for the next run.
 */
export function planBranchClose(options: {
  isDeletingBranch: boolean;
  records: readonly string[];
  expectedName: string | undefined;
  whyNotRendered?: string;
}): BranchClosePlan {
  const { expectedName } = options;
  const records = [...new Set(options.records)];
  const [record] = records;
  if (!options.isDeletingBranch) {
    const name = record ?? expectedName;
    const note =
      record === undefined
        ? `The Omni branch "${name}" remains: the action did not create it.`
        : `The Omni branch "${record}", which the action created, remains: set \`deleteBranch: true\` in the preview block to delete it when the pull request closes.`;
    return { action: 'keep', branchName: name, note };
  }
  if (record === undefined) {
    return {
      action: 'keep',
      branchName: expectedName,
      note: `The Omni branch${expectedName === undefined ? '' : ` "${expectedName}"`} remains: the action did not create it (its preview environment records no OMNI_DBT_PREVIEW_BRANCH).`,
    };
  }
  if (records.length > 1) {
    return {
      action: 'keep',
      branchName: undefined,
      note: `The pull request's environments record different branches (${records.map((name) => `"${name}"`).join(', ')}): none is deleted; delete the one the action made in Omni.`,
    };
  }
  if (expectedName === undefined) {
    return {
      action: 'wait',
      branchName: record,
      note: `The Omni branch "${record}" and its preview environment were kept: ${options.whyNotRendered ?? "the pull request's branch name could not be known"}, so the action could not check that the record is this pull request's branch.`,
    };
  }
  if (record !== expectedName) {
    return {
      action: 'keep',
      branchName: record,
      note: `The Omni branch "${record}" remains: the preview environment records it, but this pull request's branch is "${expectedName}", so the record is not trusted.`,
    };
  }
  return { action: 'delete', branchName: record };
}
