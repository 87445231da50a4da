// Test data shared by the unit, integration and e2e tests: the sandbox seed's ids, and the dbt settings of
// its "Snowflake production" connection, which examples/omni-dbt.yml matches exactly.
import type { LiveDbtConfig } from '../../src/core/omni/dbt.js';

export const PRODUCTION_ID = '550e8400-e29b-41d4-a716-446655440000';
export const STAGING_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const BIGQUERY_ID = '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d';

export const PRODUCTION_SETTINGS = {
  sshUrl: 'git@github.com:acme/analytics.git',
  branch: 'main',
  autogenRelationships: true,
  enableVirtualSchemas: true,
  enableSemanticLayer: false,
  projectRootPath: 'transform',
  dbtVersion: '1.11',
} as const;

export type ConfiguredLiveDbtConfig = Extract<LiveDbtConfig, { isConfigured: true }>;

/** A configured live configuration: production's settings, with `overrides`. */
export function buildLiveConfig(overrides: Partial<ConfiguredLiveDbtConfig> = {}): ConfiguredLiveDbtConfig {
  return { isConfigured: true, supportsDbt: true, ...PRODUCTION_SETTINGS, ...overrides };
}

/** The seed's shared models (sandbox/seed.json): on the production connection, and on the staging one. */
export const MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';
export const STAGING_MODEL_ID = '3c5a1d9f-7b2e-4d4c-8f80-2b3c4d5e6f70';
