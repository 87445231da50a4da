// `npm run demo` (README's first command) as a user runs it: scripts/demo.js with the built dist/index.js
// against the sandbox. Its plan and apply show the production connection's dbt environments, the secret
// it passes through the step's env is in none of its output, and its third act's preview comment names the
// dashboards pull request #12 breaks. Needs dist/ (`npm run build`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/runner.js';

const SECRET = 'demo-test-secret-4f1c9a';

describe('npm run demo', () => {
  it('plans, then applies the environments of examples/demo/omni-dbt.yml, exits 0 and never prints the secret', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.js')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMNI_DBT_DEMO_SECRET: SECRET },
      timeout: 60_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(run.stdout).toContain('environment Production: update → planned');
    expect(run.stdout).toContain('environment CI: create → planned');
    expect(run.stdout).toContain('environment Production: update → applied');
    expect(run.stdout).toContain('environment CI: create → applied');
    expect(run.stdout).toContain('0 writes during the dry-run');
    expect(run.stdout).toContain('environment creates: 1, environment updates: 1');
    expect(run.stdout).toContain(
      'CI: targetSchema dbt_ci, targetName ci; DBT_TARGET=ci, DBT_CLOUD_API_KEY=(secret, set)',
    );
    expect(output).not.toContain(SECRET);
    // Act three: pull request #12 renames orders.amount; its preview comment names what that breaks.
    const comment = run.stdout.slice(run.stdout.indexOf('The preview comment on pull request #12:'));
    expect(comment).toContain(
      'breaks 3 dashboards (3 queries); 1 new model issue; 1 already broken on main; 1 fixed',
    );
    for (const name of ['Revenue overview', 'Customer regions', 'Pipeline (draft)']) {
      expect(comment).toContain(`[${name}](`);
    }
    expect(comment).toContain('2 existing issues (on main too');
    expect(run.stdout).toContain('The check failed, as it should: the pull request breaks 3 dashboards');
  }, 60_000);
});
