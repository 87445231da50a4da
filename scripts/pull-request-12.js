// Pull request #12 of the sandbox's story (sandbox/README.md, "Model world"): its dbt build (schema dbt_pr_12)
// renames orders.amount to amount_usd. Helpers that set the scene for the CLI's `impact` sample, its
// end-to-end test and the demo: an Omni branch bound to that schema, and a git checkout whose HEAD changes
// the orders model against main.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './runner.js';

export const PRODUCTION_ID = '550e8400-e29b-41d4-a716-446655440000';
export const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
export const PR_BRANCH = 'rename-amount';
/** The id of the dbt environment that points at dbt_pr_12 (the preview environment a run would make). */
export const PR_ENVIRONMENT_ID = 'e0c12000-0000-4000-8000-000000000012';

/** The event GitHub sends when pull request #12 (head `rename-amount`) opens, trimmed as the runner's tests do. */
export const PULL_REQUEST_12_EVENT = {
  action: 'opened',
  repository: { default_branch: 'main' },
  pull_request: {
    number: 12,
    head: {
      ref: PR_BRANCH,
      sha: 'abc1234def5678abc1234def5678abc1234def56',
      repo: { full_name: 'acme/analytics' },
    },
    base: { ref: 'main', repo: { full_name: 'acme/analytics' } },
  },
};

/** Pull request #12 as the GitHub fake serves it: its head, and the dbt model file it changes. */
export const PULL_REQUEST_12_SEED = {
  repo: 'acme/analytics',
  number: 12,
  head: { ref: PR_BRANCH },
  files: [{ filename: 'transform/models/orders.sql', status: /** @type {const} */ ('modified') }],
};

/**
 * An omni-dbt.yml whose production connection previews pull requests on the model's branch `{head}`, with
 * `createBranch` and the impact check.
 * @param {{ impact?: string, extra?: string, isCreatingBranch?: boolean }} [options] `impact` the block's
 *   value (default `{}`), `extra` more keys of the preview block (indented lines)
 */
export function writePreviewConfig(options = {}) {
  return `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${PRODUCTION_ID}
    name: Snowflake production
    projectRootPath: transform
    preview:
      name: "PR {pr}"
      targetSchema: "dbt_pr_{pr}"
      omniModel: ${MODEL_ID}
${options.isCreatingBranch === false ? '' : '      createBranch: true\n'}${options.extra ?? ''}      impact: ${options.impact ?? '{}'}
`;
}

/**
 * Gives the sandbox an Omni branch `rename-amount` of the production model, bound to a dbt environment of
 * schema dbt_pr_12, as a preview would leave it; a refresh of the branch then reads the pull request's build.
 * @param {Awaited<ReturnType<typeof import('../sandbox/server.js').startSandbox>>} sandbox
 */
export function bindPullRequestBranch(sandbox) {
  sandbox.setEnvironments(PRODUCTION_ID, [
    ...sandbox.getEnvironments(PRODUCTION_ID),
    { id: PR_ENVIRONMENT_ID, name: 'PR 12', targetSchema: 'dbt_pr_12', variables: [] },
  ]);
  const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'sandbox/seed.json'), 'utf8'));
  const model = seed.models[MODEL_ID];
  sandbox.setModel(MODEL_ID, {
    ...model,
    branches: {
      ...model.branches,
      [PR_BRANCH]: { dbtEnvironmentId: PR_ENVIRONMENT_ID, dbtGitBranch: PR_BRANCH },
    },
  });
}

/**
 * A git repository whose `main` has the dbt project and whose checked-out branch `rename-amount` changes
 * transform/models/orders.sql, with `omni-dbt.yml` at its root.
 * @param {string} config the omni-dbt.yml text
 * @returns {Promise<string>} its directory
 */
export async function createPullRequestCheckout(config) {
  const directory = await mkdtemp(path.join(tmpdir(), 'omni-dbt-checkout-'));
  const git = (/** @type {string[]} */ ...args) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Sandbox',
        '-c',
        'user.email=sandbox@example.invalid',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      { cwd: directory, stdio: 'pipe' },
    );
  await mkdir(path.join(directory, 'transform/models'), { recursive: true });
  await writeFile(path.join(directory, 'omni-dbt.yml'), config);
  await writeFile(
    path.join(directory, 'transform/models/orders.sql'),
    'select order_id, customer_id, amount, status, ordered_at from raw.orders\n',
  );
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'The dbt project');
  git('checkout', '--quiet', '-b', PR_BRANCH);
  await writeFile(
    path.join(directory, 'transform/models/orders.sql'),
    'select order_id, customer_id, amount as amount_usd, status, ordered_at, discount from raw.orders\n',
  );
  git('commit', '--quiet', '-am', 'Rename orders.amount to amount_usd');
  return directory;
}
