// The terminal rendering of plans and applies, and when colour is used.
import { describe, expect, it } from 'vitest';
import {
  ANSI_PALETTE,
  isColorWanted,
  PLAIN_PALETTE,
  renderIssueLines,
  renderTerminalReport,
} from '../../../src/cli/render-terminal.js';
import { resolveOmniBaseUrl } from '../../../src/core/omni/url.js';
import { selectConnections } from '../../../src/core/plan/select.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';
import { CLI_TERMS } from '../../../src/core/terms.js';
import {
  BIGQUERY_ID as BIGQUERY,
  PRODUCTION_ID as PRODUCTION,
  STAGING_ID as STAGING,
} from '../../support/dbt-fixtures.js';

function buildReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    mode: 'dry-run',
    isValidationOnly: false,
    configPath: 'omni-dbt.yml',
    issues: [],
    connections: [],
    isCancelled: false,
    failOnChanges: false,
    ...overrides,
  };
}

const unchanged: ConnectionResult = {
  connectionId: PRODUCTION,
  name: 'Snowflake production',
  action: 'unchanged',
  status: 'unchanged',
  changes: [],
  rotateKeys: false,
};
const update: ConnectionResult = {
  connectionId: STAGING,
  name: 'Snowflake staging',
  action: 'update',
  status: 'planned',
  changes: [{ field: 'branch', from: 'main', to: 'staging' }],
  rotateKeys: false,
};
const create: ConnectionResult = {
  connectionId: BIGQUERY,
  action: 'create',
  status: 'planned',
  changes: [
    { field: 'sshUrl', from: null, to: 'git@github.com:acme/analytics.git' },
    { field: 'projectRootPath', from: null, to: null },
  ],
  rotateKeys: false,
};

describe('renderTerminalReport', () => {
  it('renders a plan like terraform: create, update, unchanged, field lines and the count', () => {
    const text = renderTerminalReport(
      buildReport({ connections: [unchanged, update, create] }),
      PLAIN_PALETTE,
    );
    expect(text).toBe(
      [
        'Omni dbt plan of omni-dbt.yml',
        '',
        `    unchanged  Snowflake production (${PRODUCTION})`,
        `  ~ update     Snowflake staging (${STAGING})`,
        '      branch: "main" → "staging"',
        `  + create     ${BIGQUERY}`,
        '      sshUrl: "git@github.com:acme/analytics.git"',
        '      projectRootPath: null',
        '',
        'Plan: 3 connections: 1 to create, 1 to update, 1 unchanged.',
        '2 of 3 connections would change.',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing would change', () => {
    const text = renderTerminalReport(buildReport({ connections: [unchanged] }), PLAIN_PALETTE);
    expect(text).toContain('Plan: 1 connection: 1 unchanged.');
    expect(text).toContain('No changes: Omni already matches the file.');
  });

  it('shows errors with their HTTP status and hint', () => {
    const failed: ConnectionResult = {
      connectionId: STAGING,
      status: 'failed',
      httpStatus: 404,
      error: 'GET /v1/connections/x/dbt: Omni answered HTTP 404 Not Found',
      hint: 'No such connection on this Omni instance: check the connection id and omni-url.',
      changes: [],
      rotateKeys: false,
    };
    const text = renderTerminalReport(buildReport({ connections: [unchanged, failed] }), PLAIN_PALETTE);
    expect(text).toContain(`  ! failed     ${STAGING}\n`);
    expect(text).toContain(
      '      error (HTTP 404): GET /v1/connections/x/dbt: Omni answered HTTP 404 Not Found\n',
    );
    expect(text).toContain('      How to fix: No such connection on this Omni instance');
    expect(text).toMatch(/1 of 2 connections failed; 0 would change\.\n$/);
  });

  it('counts an apply by result and tells what to do after a key rotation', () => {
    const applied: ConnectionResult = { ...update, status: 'applied', httpStatus: 200, rotateKeys: true };
    const failedPut: ConnectionResult = { ...create, status: 'failed', httpStatus: 400, error: 'PUT failed' };
    const text = renderTerminalReport(
      buildReport({ mode: 'apply', connections: [unchanged, applied, failedPut] }),
      PLAIN_PALETTE,
    );
    expect(text).toContain('Omni dbt apply of omni-dbt.yml');
    expect(text).toContain(`  + create     ${BIGQUERY} (failed)`);
    expect(text).toContain(`  ~ updated    Snowflake staging (${STAGING})`);
    expect(text).toContain('deploy key rotated: copy the new public key');
    // What was done, in the past tense: a failed write is not counted as created.
    expect(text).toContain('Applied: 3 connections: 1 updated, 1 unchanged, 1 failed.');
  });

  it('marks a connection whose settings are sent again as they are (--force) as updated', () => {
    const forced: ConnectionResult = {
      ...unchanged,
      action: 'update',
      settings: { action: 'update', status: 'applied' },
      status: 'applied',
      httpStatus: 200,
    };
    const text = renderTerminalReport(buildReport({ mode: 'apply', connections: [forced] }), PLAIN_PALETTE);
    expect(text).toContain(
      `  ~ updated    Snowflake production (${PRODUCTION})\n      settings sent again as they are\n`,
    );
    expect(text).toContain('Applied: 1 connection: 1 updated.');
  });

  it('shows skipped connections and a run-wide error once', () => {
    const skipped: ConnectionResult = { ...update, status: 'skipped', error: 'Not attempted' };
    const text = renderTerminalReport(
      buildReport({ connections: [skipped], fatalError: 'Omni refused the API token (401).' }),
      PLAIN_PALETTE,
    );
    expect(text).toContain(`  - skipped    Snowflake staging (${STAGING})`);
    expect(text.split('Omni refused the API token (401).').length - 1).toBe(1);
  });

  it('prints only the headline when the file has errors', () => {
    const report = buildReport({
      issues: [
        {
          severity: 'error',
          file: 'omni-dbt.yml',
          line: 3,
          column: 5,
          field: 'version',
          message: 'expected 1',
        },
      ],
    });
    expect(renderTerminalReport(report, PLAIN_PALETTE)).toBe(
      '1 error in omni-dbt.yml; nothing was sent to Omni.\n',
    );
  });

  it('colours actions with ANSI codes only with the ANSI palette', () => {
    const report = buildReport({ connections: [update, create] });
    const coloured = renderTerminalReport(report, ANSI_PALETTE);
    expect(coloured).toContain('\u001b[33m~ update\u001b[39m');
    expect(coloured).toContain('\u001b[32m+ create\u001b[39m');
    expect(renderTerminalReport(report, PLAIN_PALETTE)).not.toContain('\u001b[');
  });
});

describe('renderTerminalReport with dbt environments', () => {
  // As the run gives it: settings unchanged, environments to write, so the connection is an update.
  const withEnvironments: ConnectionResult = {
    ...unchanged,
    action: 'update',
    settings: { action: 'unchanged', status: 'unchanged' },
    status: 'planned',
    environments: [
      {
        name: 'Production',
        action: 'update',
        status: 'planned',
        changes: [
          { field: 'targetSchema', from: 'analytics', to: 'analytics_v2' },
          { field: 'variables.DBT_TARGET', from: 'production', to: 'prod' },
          { field: 'variables.DBT_CLOUD_API_KEY', from: '(secret)', to: '(secret)' },
        ],
      },
      {
        name: 'CI',
        action: 'create',
        status: 'planned',
        changes: [
          { field: 'targetSchema', from: null, to: 'dbt_ci' },
          { field: 'variables.TOKEN', from: null, to: '(secret)' },
        ],
      },
      {
        name: 'Staging checks',
        action: 'unchanged',
        status: 'unchanged',
        changes: [],
        note: 'Variables in Omni that the file does not list are kept: OLD.',
      },
      { name: 'Nightly full refresh', action: 'unmanaged', status: 'unmanaged', changes: [] },
      { name: 'Old', action: 'delete', status: 'planned', changes: [] },
    ],
    warnings: ['TOKEN (variable TOKEN of environment "CI", to create it) is unset or empty in your shell'],
  };

  it('lists each environment under its connection with its changes, notes and warnings, and counts them', () => {
    const text = renderTerminalReport(
      buildReport({ connections: [withEnvironments, update] }),
      PLAIN_PALETTE,
    );
    expect(text).toBe(
      [
        'Omni dbt plan of omni-dbt.yml',
        '',
        `  ~ update     Snowflake production (${PRODUCTION})`,
        '      settings unchanged',
        '      ~ update     environment "Production"',
        '          targetSchema: "analytics" → "analytics_v2"',
        '          variables.DBT_TARGET: "production" → "prod"',
        '          variables.DBT_CLOUD_API_KEY: "(secret)" → "(secret)"',
        '      + create     environment "CI"',
        '          targetSchema: "dbt_ci"',
        '          variables.TOKEN: "(secret)"',
        '        unchanged  environment "Staging checks"',
        '          note: Variables in Omni that the file does not list are kept: OLD.',
        '        unmanaged  environment "Nightly full refresh"',
        '      - delete     environment "Old"',
        '      warning: TOKEN (variable TOKEN of environment "CI", to create it) is unset or empty in your shell',
        `  ~ update     Snowflake staging (${STAGING})`,
        '      branch: "main" → "staging"',
        '',
        'Plan: 2 connections: 2 to update; 5 environments: 1 to create, 1 to update, 1 to delete, 1 unchanged, 1 not in the file.',
        '2 of 2 connections would change.',
        '',
      ].join('\n'),
    );
  });

  it('leaves environments out of the count line when no connection lists them', () => {
    const text = renderTerminalReport(buildReport({ connections: [update] }), PLAIN_PALETTE);
    expect(text).toContain('Plan: 1 connection: 1 to update.\n');
    expect(text).not.toContain('environment');
  });

  it('counts environments of an apply by result, with failed and skipped writes and their errors', () => {
    const applied: ConnectionResult = {
      ...withEnvironments,
      status: 'failed',
      error: 'A write of this connection failed.',
      warnings: [],
      environments: [
        { name: 'Production', action: 'update', status: 'applied', changes: [] },
        { name: 'CI', action: 'create', status: 'failed', error: 'POST answered HTTP 400', changes: [] },
        {
          name: 'Old',
          action: 'delete',
          status: 'skipped',
          error: 'Not attempted: an earlier write of this connection failed.',
          changes: [],
        },
        { name: 'Staging checks', action: 'unchanged', status: 'unchanged', changes: [] },
      ],
    };
    const text = renderTerminalReport(buildReport({ mode: 'apply', connections: [applied] }), PLAIN_PALETTE);
    expect(text).toContain('      ~ updated    environment "Production"\n');
    expect(text).toContain(
      '      + create     environment "CI" (failed)\n          error: POST answered HTTP 400\n',
    );
    expect(text).toContain(
      '      - delete     environment "Old" (skipped)\n          error: Not attempted: an earlier write of this connection failed.\n',
    );
    expect(text).toContain(
      'Applied: 1 connection: 1 failed; 4 environments: 1 updated, 1 unchanged, 1 failed, 1 skipped.',
    );
  });

  it('colours environment actions like the connections’', () => {
    const coloured = renderTerminalReport(buildReport({ connections: [withEnvironments] }), ANSI_PALETTE);
    expect(coloured).toContain('\u001b[31m- delete\u001b[39m');
    expect(coloured).toContain('\u001b[32m+ create\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning:\u001b[39m');
  });
});

describe('renderIssueLines', () => {
  it('gives each issue as path:line:col: field: message, warnings marked', () => {
    const lines = renderIssueLines({
      issues: [
        {
          severity: 'error',
          file: 'a.yml',
          line: 4,
          column: 17,
          field: 'connections[0].dbtVersion',
          message: 'quote it',
        },
        {
          severity: 'warning',
          file: 'a.yml',
          line: 6,
          column: 13,
          field: 'defaults.sshUrl',
          message: 'not SSH',
        },
      ],
    });
    expect(lines).toEqual([
      'a.yml:4:17: connections[0].dbtVersion: quote it',
      'warning: a.yml:6:13: defaults.sshUrl: not SSH',
    ]);
  });
});

describe('isColorWanted', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ])('isTTY %s with %j → %s', (isTTY, env, expected) => {
    expect(isColorWanted(isTTY, env)).toBe(expected);
  });
});

describe('core messages in the CLI’s terms (no rewriting afterwards)', () => {
  const connection = {
    connectionId: PRODUCTION,
    body: {
      sshUrl: 'git@github.com:acme/analytics.git',
      branch: 'main',
      autogenRelationships: true,
      enableVirtualSchemas: true,
      enableSemanticLayer: false,
      projectRootPath: null,
    },
    position: { line: 1, column: 1 },
    pruneEnvironments: false,
  };

  it('names --connections for an unknown selection', () => {
    const selected = selectConnections([connection], ['x'], CLI_TERMS);
    expect(selected.ok === false && selected.error).toMatch(
      /^--connections names "x", which is not in the config file\./,
    );
  });

  it('names OMNI_URL and --allow-custom-host for a host that is not Omni’s', () => {
    const base = resolveOmniBaseUrl('https://omni.example.com', { allowCustomHost: false, terms: CLI_TERMS });
    expect(base.ok === false && base.error).toMatch(/^OMNI_URL "https:\/\/omni\.example\.com" is not/);
    expect(base.ok === false && base.error).toContain('or pass --allow-custom-host if your Omni instance');
  });
});
