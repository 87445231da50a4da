// The deploy of pull request #12 (sandbox/README.md, "Model world"): once merged, the production dbt job
// rebuilds the production schema `analytics` as dbt_pr_12 was built, so orders.amount becomes amount_usd and
// orders.discount appears. Omni still sees yesterday's columns until its schema is refreshed: the scene of
// `mode: refresh` (README, "Refresh after a deploy"), shared by its tests, the CLI's sample and the bench.

export const PRODUCTION_ID = '550e8400-e29b-41d4-a716-446655440000';
export const STAGING_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
/** The shared model on the production connection, reading the schema `analytics`. */
export const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';

/**
 * What a refresh after the deploy finds (the same as pull request #12's preview, against its base): three
 * dashboards break, a YAML field of the model loses its column, one dashboard already broken before stays
 * broken (Net revenue), and one is fixed (Discounts (legacy), which reads the new orders.discount).
 */
export const DEPLOY_VERDICT =
  'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken before; 1 fixed';
export const DEPLOY_BROKEN = ['Customer regions', 'Pipeline (draft)', 'Revenue overview'];
export const DEPLOY_FIXED = ['Discounts (legacy)'];

/**
 * Plays the production deploy in the sandbox's warehouse: `analytics.orders` as dbt_pr_12 has it. Omni's
 * shared model keeps its snapshot until a refresh reads the warehouse again.
 * @param {{ getWarehouse(): Record<string, Record<string, string[]>>, setTable(schema: string, table: string, columns: string[] | null): void }} sandbox
 */
export function deployPullRequest12(sandbox) {
  const built = sandbox.getWarehouse().dbt_pr_12?.orders;
  if (built === undefined) throw new Error('the sandbox has no dbt_pr_12.orders to deploy');
  sandbox.setTable('analytics', 'orders', built);
}

/**
 * An omni-dbt.yml whose production connection names its shared model for `mode: refresh`; the staging
 * connection lists no model (so a refresh does not read it). `extra` is more keys of the production
 * connection (indented lines).
 * @param {{ extra?: string, models?: string }} [options]
 */
export function writeRefreshConfig(options = {}) {
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
    dbtVersion: "1.11"
    omniModels: ${options.models ?? `[${MODEL_ID}]`}
${options.extra ?? ''}  - id: ${STAGING_ID}
    name: Snowflake staging
`;
}
