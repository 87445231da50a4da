// Generated config files and sandbox states for the benchmark: n connections whose live dbt settings
// differ from the file (every one needs a PUT), or match it (validation and dry-run only); and connections
// whose settings match but one of their two dbt environments differs (one environment write each), or one of
// their two schema refresh schedules (one create and one delete each); and the published dashboards of an Omni
// model, for the dbt exposures.

/** @param {number} index @returns {string} a valid, stable connection UUID */
export function makeConnectionId(index) {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/**
 * @param {number} count
 * @returns {{ configText: string, seed: { connections: Record<string, object> }, ids: string[] }}
 */
export function generateChangedConnections(count) {
  const ids = Array.from({ length: count }, (_, i) => makeConnectionId(i + 1));
  const lines = [
    'version: 1',
    'defaults:',
    '  sshUrl: git@github.com:acme/analytics.git',
    '  branch: main',
    '  dbtVersion: "1.11"',
    '  autogenRelationships: true',
    '  enableVirtualSchemas: true',
    'connections:',
  ];
  /** @type {Record<string, object>} */
  const connections = {};
  ids.forEach((id, i) => {
    lines.push(`  - id: ${id}`, `    name: Connection ${i + 1}`, `    projectRootPath: models/c${i + 1}`);
    connections[id] = {
      name: `Connection ${i + 1}`,
      dialect: 'snowflake',
      supportsDbt: true,
      // One field differs (branch), so the plan is an update and the apply a PUT.
      dbt: {
        sshUrl: 'git@github.com:acme/analytics.git',
        branch: 'old-branch',
        autogenRelationships: true,
        enableVirtualSchemas: true,
        enableSemanticLayer: false,
        projectRootPath: `models/c${i + 1}`,
        dbtVersion: '1.11',
      },
    };
  });
  return { configText: `${lines.join('\n')}\n`, seed: { connections }, ids };
}

/** The step's environment variable holding the secret of every default environment in the environments fixture. */
export const ENVIRONMENTS_SECRET_ENV = 'BENCH_DBT_CLOUD_API_KEY';

/**
 * `count` configured connections whose settings match the file, each with two shared dbt environments in
 * Omni: the default "Production" (a plain variable and a secret) and "Analytics CI". The file lists both;
 * "Analytics CI" has another targetSchema in the file, so each connection needs exactly one environment
 * write (an update), and the secret, which Omni never shows, is not re-sent (no update-secrets).
 * @param {number} count
 * @returns {{ configText: string, seed: { connections: Record<string, object> }, ids: string[],
 *   env: Record<string, string> }}
 */
export function generateConnectionsWithEnvironments(count) {
  const base = generateChangedConnections(count);
  const lines = base.configText.split('\n').filter((line) => line !== '');
  /** @type {string[]} */
  const out = [];
  /** @type {Record<string, object>} */
  const connections = {};
  base.ids.forEach((id, i) => {
    const n = i + 1;
    const seeded = /** @type {{ dbt: object }} */ (base.seed.connections[id]);
    connections[id] = {
      ...seeded,
      // Settings as the file says: no settings write, only the environment's.
      dbt: { ...seeded.dbt, branch: 'main' },
      environments: [
        {
          name: 'Production',
          isDefaultEnvironment: true,
          targetSchema: `analytics_c${n}`,
          targetRole: 'TRANSFORMER',
          variables: [
            { name: 'DBT_TARGET', isSecret: false, value: 'production' },
            { name: 'DBT_CLOUD_API_KEY', isSecret: true, value: 'bench-seeded-secret' },
          ],
        },
        {
          name: 'Analytics CI',
          targetSchema: `old_ci_c${n}`,
          variables: [{ name: 'DBT_TARGET', isSecret: false, value: 'ci' }],
        },
      ],
    };
  });
  for (const line of lines) {
    out.push(line);
    const match = /^ {4}projectRootPath: models\/c(\d+)$/.exec(line);
    if (match === null) continue;
    const n = match[1];
    out.push(
      '    environments:',
      '      - name: Production',
      `        targetSchema: analytics_c${n}`,
      '        targetRole: TRANSFORMER',
      '        variables:',
      '          DBT_TARGET: production',
      `          DBT_CLOUD_API_KEY: { fromEnv: ${ENVIRONMENTS_SECRET_ENV} }`,
      '      - name: Analytics CI',
      `        targetSchema: ci_c${n}`,
      '        variables:',
      '          DBT_TARGET: ci',
    );
  }
  return {
    configText: `${out.join('\n')}\n`,
    seed: { connections },
    ids: base.ids,
    env: { [ENVIRONMENTS_SECRET_ENV]: 'bench-secret-value' },
  };
}

/** The schedule every connection of the schedules fixture keeps, the one it replaces, and its replacement. */
export const KEPT_SCHEDULE = { schedule: '0 6 * * ? *', timezone: 'Europe/Berlin' };
export const REPLACED_SCHEDULE = { schedule: '0 18 ? * MON-FRI *', timezone: 'UTC' };
export const NEW_SCHEDULE = { schedule: '30 18 ? * MON-FRI *', timezone: 'UTC' };

/**
 * `count` configured connections whose settings match the file, each with two schema refresh schedules in
 * Omni. The file keeps one and changes the other (its cron), with `pruneSchemaRefreshSchedules`: a schedule
 * is its pair, so each connection needs exactly one create and one delete.
 * @param {number} count
 * @returns {{ configText: string, seed: { connections: Record<string, object>, schedules: Record<string, object[]> }, ids: string[] }}
 */
export function generateConnectionsWithSchedules(count) {
  const base = generateChangedConnections(count);
  /** @type {Record<string, object>} */
  const connections = {};
  /** @type {Record<string, object[]>} */
  const schedules = {};
  base.ids.forEach((id, i) => {
    const seeded = /** @type {{ dbt: object }} */ (base.seed.connections[id]);
    // Settings as the file says: no settings write, only the schedules'.
    connections[id] = { ...seeded, dbt: { ...seeded.dbt, branch: 'main' } };
    schedules[id] = [
      { scheduleId: `5c${String(i + 1).padStart(6, '0')}-0000-4000-8000-00000000000a`, ...KEPT_SCHEDULE },
      { scheduleId: `5c${String(i + 1).padStart(6, '0')}-0000-4000-8000-00000000000b`, ...REPLACED_SCHEDULE },
    ];
  });
  const out = [];
  for (const line of base.configText.split('\n').filter((text) => text !== '')) {
    out.push(line);
    if (!/^ {4}projectRootPath: models\/c\d+$/.test(line)) continue;
    out.push(
      '    pruneSchemaRefreshSchedules: true',
      '    schemaRefreshSchedules:',
      `      - { schedule: "${KEPT_SCHEDULE.schedule}", timezone: ${KEPT_SCHEDULE.timezone} }`,
      `      - { schedule: "${NEW_SCHEDULE.schedule}", timezone: ${NEW_SCHEDULE.timezone} }`,
    );
  }
  return { configText: `${out.join('\n')}\n`, seed: { connections, schedules }, ids: base.ids };
}

/** The seed's shared model on the production connection (sandbox/seed.json), whose dashboards the exposures fixtures are. */
export const EXPOSURES_MODEL_ID = '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f';

/**
 * `count` published dashboards of `modelId` for the sandbox's model world (its `setDocuments`): every 15th
 * reads no dbt model (its exposure is null), every 10th is titled like others (`Revenue`, `revenue!`,
 * `REVENUE?`…: names that collide once made dbt names), the rest `Dashboard <n>`. Each reads one or two of
 * three dbt models.
 * @param {number} count @param {string} [modelId]
 * @returns {import('../../sandbox/model-world.js').SandboxDocument[]}
 */
export function generateDashboards(count, modelId = EXPOSURES_MODEL_ID) {
  const colliding = ['Revenue', 'revenue!', 'REVENUE?', 'Revenue ', 'revenue_2'];
  const dbtModels = [['orders'], ['orders', 'customers'], ['payments']];
  return Array.from({ length: count }, (_, i) => ({
    id: `d0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    identifier: `dash-${String(i).padStart(5, '0')}`,
    name: i % 10 === 3 ? (colliding[((i / 10) % colliding.length) | 0] ?? 'Revenue') : `Dashboard ${i}`,
    modelId,
    kind: 'dashboard',
    folder: { name: 'Finance', path: '/Finance' },
    labels: [],
    owner: { name: 'Ann Lee', email: 'ann@acme.example' },
    isPublished: true,
    dbtModels: i % 15 === 7 ? [] : (dbtModels[i % dbtModels.length] ?? ['orders']),
    queries: [],
    filters: [],
  }));
}

/**
 * A config whose `exposures` block writes `path` from `modelIds`; the connection is the seed's production one.
 * @param {{ path?: string, modelIds?: string[], maturity?: string }} [options]
 */
export function generateExposuresConfig({
  path = 'models/omni_exposures/omni_exposures.yml',
  modelIds = [EXPOSURES_MODEL_ID],
  maturity,
} = {}) {
  return [
    'version: 1',
    'connections:',
    '  - id: 550e8400-e29b-41d4-a716-446655440000',
    '    name: Snowflake production',
    '    sshUrl: git@github.com:acme/analytics.git',
    '    branch: main',
    '    autogenRelationships: true',
    '    enableVirtualSchemas: true',
    'exposures:',
    `  path: ${path}`,
    `  models: [${modelIds.join(', ')}]`,
    ...(maturity === undefined ? [] : [`  maturity: ${maturity}`]),
    '',
  ].join('\n');
}
