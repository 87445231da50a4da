// The pre-commit hook of .pre-commit-hooks.yaml as pre-commit users run it: scripts/pre-commit-check.sh
// installs this checkout with pre-commit (`language: node`) and runs it on a valid and an invalid
// omni-dbt.yml. Where pre-commit is not installed it is skipped, saying so, except in CI (`CI` set, as
// GitHub's runners and .ci/run set it): there a missing pre-commit fails, since CI installs it
// (scripts/install-pre-commit.sh) and a skip would hide that the hook went untested.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/runner.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const isCi = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';

describe('the pre-commit hook omni-dbt-validate', () => {
  it.skipIf(!hasPreCommit && !isCi)(
    hasPreCommit || isCi
      ? 'passes a valid omni-dbt.yml and fails an invalid one with its location'
      : 'SKIPPED: pre-commit is not installed (bash scripts/install-pre-commit.sh), so the hook was not run',
    () => {
      if (!hasPreCommit) {
        expect.fail(
          'CI is set and pre-commit is not installed, so the hook would go untested. Install it with ' +
            '`bash scripts/install-pre-commit.sh` (pip, else apt-get), as .ci/run and .github/workflows/ci.yml do.',
        );
      }
      const run = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/pre-commit-check.sh')], {
        encoding: 'utf8',
        env: Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
        ),
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).toBe(0);
      expect(output).toContain('warehouse/omni-dbt.yaml:8:9: connections[0].id: ');
      expect(output).toMatch(/omni-dbt validate\.+Passed/);
      expect(output).toMatch(/omni-dbt validate\.+Failed/);
    },
    120_000,
  );
});
