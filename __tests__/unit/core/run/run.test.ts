// executeRun before Omni (README, "Outputs"): whatever stops a run before it asks Omni (an invalid file,
// an invalid setting, no token, a selection naming nothing, no preview work), `result` lists every selected
// connection once, `skipped` with why; of a file that cannot be parsed, none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../scripts/runner.js';
import { buildResultOutput, summariseOutcome } from '../../../../src/core/report/outcome.js';
import { executeRun, type RunOptions } from '../../../../src/core/run/run.js';
import { createRedactor } from '../../../../src/core/secrets.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';
import { BIGQUERY_ID, PRODUCTION_ID, STAGING_ID } from '../../../support/dbt-fixtures.js';

const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');

const run = (options: Partial<RunOptions>) =>
  executeRun({
    configPath: 'omni-dbt.yml',
    configText: EXAMPLE,
    mode: 'apply',
    omniUrl: 'https://acme.omniapp.co',
    apiToken: 'a-token',
    allowCustomHost: false,
    selection: [],
    force: false,
    rotateKeys: false,
    failOnChanges: false,
    isUpdatingSecrets: false,
    stepEnv: {},
    redactor: createRedactor(),
    terms: ACTION_TERMS,
    stop: new AbortController(),
    createClient: () => {
      throw new Error('Omni must not be asked');
    },
    ...options,
  });

/** `result` as [id, status, error] per connection. */
const listed = (report: Awaited<ReturnType<typeof executeRun>>) =>
  JSON.parse(buildResultOutput(report)).connections.map(
    (c: { id: string; status: string; error: string }) => [c.id, c.status, c.error],
  );

describe('executeRun lists every selected connection whatever stops it before Omni', () => {
  it('without a token (a dry-run validates only): each skipped, and the run passes', async () => {
    const report = await run({ mode: 'dry-run', apiToken: '' });
    const why = 'Not planned: there is no api-token, so only the file was validated.';
    expect(listed(report)).toEqual([
      [PRODUCTION_ID, 'skipped', why],
      [STAGING_ID, 'skipped', why],
      [BIGQUERY_ID, 'skipped', why],
    ]);
    expect(summariseOutcome(report)).toMatchObject({ isFailure: false, changed: 0, failed: 0 });
  });

  it('an apply without a token: each skipped, and the run fails', async () => {
    const report = await run({ apiToken: '' });
    expect(listed(report).map(([, status, error]: string[]) => [status, error])).toEqual(
      Array(3).fill(['skipped', 'Not attempted: Input "api-token" is empty.']),
    );
    expect(summariseOutcome(report).isFailure).toBe(true);
  });

  it('an invalid file: the connections it lists that can be read, narrowed by the selection', async () => {
    const invalid = EXAMPLE.replace('branch: staging', 'branch: staging\n    brnch: x').replace(
      '  - id: 9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d',
      '  - id: 9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d\n  - id: [not, a, string]\n  - name: no id',
    );
    const report = await run({ configText: invalid, selection: ['Snowflake staging', BIGQUERY_ID] });
    const why = (errors: number) =>
      `Not planned: omni-dbt.yml has ${errors} error${errors === 1 ? '' : 's'}, so nothing was sent to Omni.`;
    const errors = report.issues.filter((issue) => issue.severity === 'error').length;
    expect(errors).toBeGreaterThan(1);
    expect(listed(report)).toEqual([
      [STAGING_ID, 'skipped', why(errors)],
      [BIGQUERY_ID, 'skipped', why(errors)],
    ]);
    expect(report.isStoppedBeforeOmni).toBe(true);
  });

  it('a file whose YAML cannot be read lists none: nothing in it can be said to be selected', async () => {
    const report = await run({ configText: 'version: 1\nconnections: [\n' });
    expect(listed(report)).toEqual([]);
    expect(summariseOutcome(report).isFailure).toBe(true);
  });

  it('a selection naming a connection the file does not have: the ones it does name, skipped', async () => {
    const report = await run({ selection: ['Snowflake staging', 'nope'] });
    expect(report.fatalError).toMatch(/^Input "connections" names "nope", which is not in the config file\./);
    expect(listed(report)).toEqual([[STAGING_ID, 'skipped', `Not planned: ${report.fatalError}`]]);
  });

  it('invalid settings of the front end (the action’s inputs): each skipped, the file still validated', async () => {
    const report = await run({ settingsError: 'An input is invalid: Input "force" must be true or false.' });
    expect(report.fatalError).toBe('An input is invalid: Input "force" must be true or false.');
    expect(listed(report)).toEqual(
      [PRODUCTION_ID, STAGING_ID, BIGQUERY_ID].map((id) => [
        id,
        'skipped',
        'Not planned: the inputs are invalid, so nothing was sent to Omni.',
      ]),
    );
  });

  it('mode: preview with nothing to do: each skipped by design, and the run passes', async () => {
    const report = await run({ mode: 'preview', preview: { kind: 'fork' } });
    expect(listed(report).map(([, status]: string[]) => status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(listed(report)[0][2]).toMatch(/^Not part of this run: This pull request comes from a fork/);
    expect(summariseOutcome(report).isFailure).toBe(false);
  });
});
