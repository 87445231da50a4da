// buildImportDocument: the YAML it writes loads with loadConfig and plans as unchanged against the live
// configurations and environments it came from; shared settings land in defaults; what cannot be adopted is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildImportDocument, type ImportEntry } from '../../../src/cli/import.js';
import { loadConfig } from '../../../src/core/config/load.js';
import type { LiveDbtConfig } from '../../../src/core/omni/dbt.js';
import type { LiveEnvironment } from '../../../src/core/omni/environments.js';
import { diffDbtConfig } from '../../../src/core/plan/diff.js';
import { planEnvironments, resolveEnvironment } from '../../../src/core/plan/environments.js';
import { buildLiveConfig, type ConfiguredLiveDbtConfig } from '../../support/dbt-fixtures.js';

const ID_A = '550e8400-e29b-41d4-a716-446655440000';
const ID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ID_C = '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d';

const live = buildLiveConfig;

function build(entries: ImportEntry[]) {
  const result = buildImportDocument(entries);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

/** Loads the YAML as the action would and checks each body against its live configuration. */
function expectRoundTrip(yaml: string, entries: ImportEntry[]): void {
  const loaded = loadConfig(yaml, 'omni-dbt.yml');
  if (!loaded.ok) throw new Error(`not loadable:\n${yaml}\n${JSON.stringify(loaded.issues)}`);
  expect(loaded.config.connections.map((c) => c.connectionId)).toEqual(entries.map((e) => e.connectionId));
  for (const [index, connection] of loaded.config.connections.entries()) {
    const entry = entries[index] as ImportEntry;
    const source = entry.live as ConfiguredLiveDbtConfig;
    expect(connection.name).toBe(entry.name);
    expect(diffDbtConfig(connection.body, source)).toEqual({ ok: true, action: 'unchanged', changes: [] });
    // Equal field by field, "" and null both being the repository root (README, "What a run does").
    expect(connection.body).toEqual({
      sshUrl: source.sshUrl,
      branch: source.branch,
      autogenRelationships: source.autogenRelationships,
      enableVirtualSchemas: source.enableVirtualSchemas,
      enableSemanticLayer: source.enableSemanticLayer,
      projectRootPath: source.projectRootPath === '' ? null : source.projectRootPath,
      dbtVersion: source.dbtVersion,
    });
  }
}

describe('buildImportDocument', () => {
  it('factors shared settings into defaults and keeps differences per connection', () => {
    const entries: ImportEntry[] = [
      { connectionId: ID_A, name: 'Snowflake production', live: live() },
      {
        connectionId: ID_B,
        name: 'Snowflake staging',
        live: live({ branch: 'staging', dbtVersion: '1.10' }),
      },
    ];
    const { yaml, warnings } = build(entries);
    expect(warnings).toEqual([]);
    expect(yaml).toBe(
      [
        '# Written by `omni-dbt import` from the live dbt configuration of 2 connections.',
        '# `omni-dbt plan` reports each one unchanged until this file or Omni changes.',
        '',
        'version: 1',
        'defaults:',
        '  sshUrl: git@github.com:acme/analytics.git',
        '  projectRootPath: transform',
        '  autogenRelationships: true',
        '  enableVirtualSchemas: true',
        '  enableSemanticLayer: false',
        'connections:',
        `  - id: ${ID_A}`,
        '    name: Snowflake production',
        '    branch: main',
        '    dbtVersion: "1.11"',
        `  - id: ${ID_B}`,
        '    name: Snowflake staging',
        '    branch: staging',
        '    dbtVersion: "1.10"',
        '',
      ].join('\n'),
    );
    expectRoundTrip(yaml, entries);
  });

  it('keeps a single connection self-contained, dbtVersion quoted, "Auto" as "Auto"', () => {
    const entries: ImportEntry[] = [{ connectionId: ID_A, live: live({ dbtVersion: 'Auto' }) }];
    const { yaml } = build(entries);
    expect(yaml).not.toContain('defaults:');
    expect(yaml).toContain('    dbtVersion: "Auto"\n');
    expectRoundTrip(yaml, entries);
  });

  it('leaves out projectRootPath when it is null or "" (the repository root)', () => {
    const entries: ImportEntry[] = [
      { connectionId: ID_A, live: live({ projectRootPath: null }) },
      { connectionId: ID_B, live: live({ projectRootPath: '' }) },
      { connectionId: ID_C, live: live({ projectRootPath: 'dbt' }) },
    ];
    const { yaml } = build(entries);
    expect(yaml.match(/projectRootPath/g)).toEqual(['projectRootPath']);
    expect(yaml).toContain('    projectRootPath: dbt\n');
    expectRoundTrip(yaml, entries);
  });

  it('quotes strings YAML would read as something else', () => {
    const entries: ImportEntry[] = [
      { connectionId: ID_A, live: live({ branch: 'true' }) },
      { connectionId: ID_B, live: live({ branch: '1.10' }) },
      { connectionId: ID_C, live: live({ branch: 'null', projectRootPath: '2024' }) },
    ];
    expectRoundTrip(build(entries).yaml, entries);
  });

  it('leaves out a dbtVersion the PUT body cannot carry, with a warning', () => {
    const entries: ImportEntry[] = [{ connectionId: ID_A, live: live({ dbtVersion: '1.9' }) }];
    const result = build(entries);
    expect(result.yaml).not.toContain('dbtVersion');
    expect(result.warnings).toEqual([expect.stringContaining('dbtVersion "1.9"')]);
    const loaded = loadConfig(result.yaml, 'omni-dbt.yml');
    if (!loaded.ok) throw new Error('not loadable');
    expect(
      diffDbtConfig(loaded.config.connections[0]?.body as never, entries[0]?.live as LiveDbtConfig),
    ).toMatchObject({
      action: 'unchanged',
    });
  });

  it('refuses connections without dbt or that cannot use it, naming each', () => {
    const result = buildImportDocument([
      { connectionId: ID_A, live: live() },
      {
        connectionId: ID_B,
        name: 'BigQuery',
        live: { isConfigured: false, supportsDbt: true, message: 'dbt not configured' },
      },
      {
        connectionId: ID_C,
        live: { isConfigured: false, supportsDbt: false, message: 'dialect does not support dbt' },
      },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.stringMatching(new RegExp(`^BigQuery \\(${ID_B}\\): dbt is not configured`)),
      expect.stringMatching(new RegExp(`^${ID_C}: .*does not support dbt.*dialect does not support dbt`)),
    ]);
  });

  it('refuses a live value the file format cannot hold, rather than writing an invalid file', () => {
    const result = buildImportDocument([{ connectionId: ID_A, live: live({ branch: '' }) }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain('connections[0].branch');
  });

  it('round-trips any set of live configurations the contract allows', () => {
    const text = fc.stringMatching(/^[\w@:./ -]{1,30}$/).filter((s) => s.trim() === s && s !== '');
    const liveArbitrary = fc.record({
      isConfigured: fc.constant(true as const),
      supportsDbt: fc.constant(true as const),
      sshUrl: fc.oneof(fc.constant('git@github.com:acme/analytics.git'), text),
      branch: fc.oneof(fc.constantFrom('main', 'staging', 'true', '1.10', 'null', '~', 'yes'), text),
      autogenRelationships: fc.boolean(),
      enableVirtualSchemas: fc.boolean(),
      enableSemanticLayer: fc.boolean(),
      projectRootPath: fc.oneof(
        fc.constant(null),
        fc.constant(''),
        fc.stringMatching(/^[a-z0-9_][\w -]{0,10}(\/[\w -]{1,10}){0,2}$/).filter((s) => !s.includes('..')),
      ),
      dbtVersion: fc.constantFrom('Auto', '1.10', '1.11'),
    });
    const ids = [ID_A, ID_B, ID_C];
    fc.assert(
      fc.property(fc.array(liveArbitrary, { minLength: 1, maxLength: 3 }), (lives) => {
        const entries = lives.map((config, index) => ({ connectionId: ids[index] as string, live: config }));
        expectRoundTrip(build(entries).yaml, entries);
      }),
      { numRuns: 150 },
    );
  });
});

function environment(overrides: Partial<LiveEnvironment> & { name: string }): LiveEnvironment {
  return {
    id: `e-${overrides.name}`,
    isDefaultEnvironment: false,
    ownerId: null,
    targetSchema: 'analytics',
    targetDatabase: null,
    targetRole: null,
    targetName: null,
    variables: [],
    ...overrides,
  };
}

let variableCount = 0;
function variable(
  name: string,
  value: string | null,
  isSecret = false,
): LiveEnvironment['variables'][number] {
  variableCount += 1;
  return { id: `v-${variableCount}`, name, value, isSecret };
}

/** The sandbox seed's production environments, as Omni answers them (a secret's value is null). */
const PRODUCTION_ENVIRONMENTS: LiveEnvironment[] = [
  environment({
    name: 'Staging checks',
    targetSchema: 'analytics_staging',
    variables: [variable('DBT_TARGET', 'staging')],
  }),
  environment({
    name: 'Alice dev',
    ownerId: 'a11ce000-0000-4000-8000-000000000001',
    targetSchema: 'dbt_alice',
  }),
  environment({
    name: 'Production',
    isDefaultEnvironment: true,
    targetDatabase: 'ANALYTICS',
    targetRole: 'TRANSFORMER',
    targetName: 'prod',
    variables: [variable('DBT_TARGET', 'production'), variable('DBT_CLOUD_API_KEY', null, true)],
  }),
  environment({ name: 'Nightly full refresh', targetSchema: 'analytics_nightly', targetName: 'nightly' }),
];

/** Plans the loaded file's environments against the live ones, every fromEnv set, as `omni-dbt plan` would. */
function planImported(yaml: string, entries: ImportEntry[], env: Record<string, string>) {
  const loaded = loadConfig(yaml, 'omni-dbt.yml');
  if (!loaded.ok) throw new Error(`not loadable:\n${yaml}\n${JSON.stringify(loaded.issues)}`);
  return loaded.config.connections.map((connection, index) => {
    const plan = planEnvironments({
      desired: (connection.environments ?? []).map((e) => resolveEnvironment(e, env)),
      live: entries[index]?.environments ?? [],
      isPruning: connection.pruneEnvironments,
      isUpdatingSecrets: false,
    });
    if (!plan.ok) throw new Error(plan.error);
    return plan;
  });
}

describe('buildImportDocument with environments', () => {
  it('writes the shared environments, default first, secrets as fromEnv with a comment; personal ones left out', () => {
    const entries: ImportEntry[] = [
      {
        connectionId: ID_A,
        name: 'Snowflake production',
        live: live(),
        environments: PRODUCTION_ENVIRONMENTS,
      },
    ];
    const { yaml, warnings } = build(entries);
    expect(yaml).toContain(
      [
        '    environments:',
        '      - name: Production',
        '        targetSchema: analytics',
        '        targetDatabase: ANALYTICS',
        '        targetRole: TRANSFORMER',
        '        targetName: prod',
        '        variables:',
        '          DBT_TARGET: production',
        "          DBT_CLOUD_API_KEY: { fromEnv: DBT_CLOUD_API_KEY } # secret: set DBT_CLOUD_API_KEY in the step's env: from a GitHub secret",
        '      - name: Nightly full refresh',
        '        targetSchema: analytics_nightly',
        '        targetName: nightly',
        '      - name: Staging checks',
        '        targetSchema: analytics_staging',
        '        variables:',
        '          DBT_TARGET: staging',
        '',
      ].join('\n'),
    );
    expect(yaml).toContain("# Omni never answers secret values: set DBT_CLOUD_API_KEY in the step's env:");
    expect(yaml).not.toContain('Alice dev');
    expect(yaml).not.toContain('dbt_alice');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Snowflake production \(.*\): 1 personal environment was left out \("Alice dev"\)/,
      ),
    ]);

    // The plan right after: every environment unchanged, whether the secret is set or not.
    for (const env of [{ DBT_CLOUD_API_KEY: 'any-value' }, {}] as Record<string, string>[]) {
      const [plan] = planImported(yaml, entries, env);
      expect(plan?.entries.map((entry) => [entry.name, entry.action])).toEqual([
        ['Production', 'unchanged'],
        ['Nightly full refresh', 'unchanged'],
        ['Staging checks', 'unchanged'],
      ]);
    }
  });

  it('gives secrets that share a name across environments their own env names', () => {
    const entries: ImportEntry[] = [
      {
        connectionId: ID_A,
        live: live(),
        environments: [
          environment({
            name: 'Production',
            isDefaultEnvironment: true,
            variables: [variable('API_KEY', null, true)],
          }),
          environment({
            name: 'Staging checks',
            variables: [variable('API_KEY', null, true), variable('dbt.token', null, true)],
          }),
        ],
      },
      {
        connectionId: ID_B,
        live: live(),
        environments: [
          environment({
            name: 'Production',
            isDefaultEnvironment: true,
            variables: [variable('API_KEY', null, true)],
          }),
        ],
      },
    ];
    const { yaml } = build(entries);
    const fromEnv = [...yaml.matchAll(/(\S+): \{ fromEnv: (\w+) \}/g)].map((match) => [match[1], match[2]]);
    expect(fromEnv).toEqual([
      ['API_KEY', 'API_KEY_PRODUCTION'],
      ['API_KEY', 'API_KEY_STAGING_CHECKS'],
      ['dbt.token', 'dbt_token'],
      ['API_KEY', 'API_KEY_PRODUCTION_2'],
    ]);
    for (const plan of planImported(yaml, entries, {})) {
      expect(plan.entries.every((entry) => entry.action === 'unchanged')).toBe(true);
    }
  });

  it('leaves out preview environments and valueless variables with a warning, and stays unchanged', () => {
    const entries: ImportEntry[] = [
      {
        connectionId: ID_A,
        live: live(),
        environments: [
          environment({
            name: 'Production',
            isDefaultEnvironment: true,
            variables: [variable('EMPTY', null), variable('BLANK', '')],
          }),
          environment({ name: 'PR 12', variables: [variable('OMNI_DBT_PREVIEW', 'acme/analytics#12')] }),
        ],
      },
    ];
    const { yaml, warnings } = build(entries);
    expect(yaml).not.toContain('PR 12');
    expect(yaml).not.toContain('EMPTY');
    expect(yaml).toContain('          BLANK: ""\n');
    expect(warnings).toEqual([
      expect.stringContaining('1 pull-request preview environment was left out ("PR 12")'),
      expect.stringContaining('variable EMPTY of environment "Production" has no value in Omni'),
    ]);
    const [plan] = planImported(yaml, entries, {});
    expect(plan?.entries.map((entry) => [entry.name, entry.action])).toEqual([
      ['Production', 'unchanged'],
      ['PR 12', 'unmanaged'],
    ]);
  });

  it('writes no environments key for a connection with only personal environments, or none read', () => {
    const entries: ImportEntry[] = [
      { connectionId: ID_A, live: live(), environments: [environment({ name: 'Mine', ownerId: 'someone' })] },
      { connectionId: ID_B, live: live() },
    ];
    const { yaml, warnings } = build(entries);
    expect(yaml).not.toContain('environments:');
    expect(warnings).toEqual([expect.stringContaining('1 personal environment was left out ("Mine")')]);
  });

  it('refuses environments the file cannot hold, naming the connection', () => {
    const result = buildImportDocument([
      {
        connectionId: ID_A,
        live: live(),
        environments: [environment({ name: 'Production' }), environment({ name: 'production' })],
      },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain('connections[0].environments');
  });
});
