// loadConfig on the preview block's branch and impact keys (README, "Impact on Omni"): what the run receives,
// with the defaults filled in. The refusals are in the fixture corpus (invalid/impact-*.yml, invalid/preview-*.yml).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../scripts/runner.js';
import { loadConfig } from '../../../../src/core/config/load.js';

const FIXTURE = '__tests__/fixtures/config/valid/preview-impact.yml';

function loadFixture() {
  const loaded = loadConfig(readFileSync(path.join(REPO_ROOT, FIXTURE), 'utf8'), FIXTURE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.config.connections;
}

describe('the preview block with createBranch, deleteBranch and impact', () => {
  it('reads every key as written', () => {
    const [production] = loadFixture();
    expect(production?.preview).toMatchObject({
      omniBranch: 'pr-{pr}',
      isCreatingBranch: true,
      isDeletingBranch: true,
      impact: {
        isRefreshing: true,
        failOn: 'any',
        folders: ['/Finance', '/Sales/Team A'],
        labels: ['Verified', 'Q1 review'],
        refreshTimeoutMinutes: 60,
      },
    });
  });

  it('fills in the defaults of `impact: {}` and leaves the branch alone without createBranch', () => {
    const [, staging] = loadFixture();
    expect(staging?.preview).toMatchObject({
      omniBranch: '{head}',
      isCreatingBranch: false,
      isDeletingBranch: false,
      impact: { isRefreshing: true, failOn: 'new', folders: [], labels: [], refreshTimeoutMinutes: 15 },
    });
  });

  it('has no impact check where the block has none', () => {
    const loaded = loadConfig(
      readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/config/valid/environments.yml'), 'utf8'),
      'environments.yml',
    );
    if (!loaded.ok) throw new Error('environments.yml should load');
    const previews = loaded.config.connections.flatMap((connection) => connection.preview ?? []);
    expect(previews.length).toBeGreaterThan(0);
    for (const preview of previews) {
      expect(preview).not.toHaveProperty('impact');
      expect(preview).toMatchObject({ isCreatingBranch: false, isDeletingBranch: false });
    }
  });

  it('refuses `impact: true` and an empty `impact:` with what to write instead', () => {
    const text = readFileSync(path.join(REPO_ROOT, FIXTURE), 'utf8');
    for (const written of ['impact: true', 'impact:']) {
      const loaded = loadConfig(text.replace('\n      impact: {}', `\n      ${written}`), 'omni-dbt.yml');
      expect(loaded.ok).toBe(false);
      if (loaded.ok) continue;
      expect(loaded.issues.map((issue) => issue.field)).toEqual(['connections[1].preview.impact']);
      expect(loaded.issues[0]?.message).toContain('write `impact: {}` to check with the defaults');
    }
  });
});
