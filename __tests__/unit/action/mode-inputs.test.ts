import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../../src/action/inputs.js';
import { resolveMode } from '../../../src/action/mode.js';
import { splitList } from '../../../src/core/options.js';

describe('resolveMode', () => {
  it.each([
    ['auto', 'push', 'refs/heads/main', 'main', 'apply'],
    ['auto', 'workflow_dispatch', 'refs/heads/main', 'main', 'apply'],
    ['auto', 'push', 'refs/heads/feature', 'main', 'dry-run'],
    ['auto', 'workflow_dispatch', 'refs/heads/feature', 'main', 'dry-run'],
    ['auto', 'pull_request', 'refs/pull/7/merge', 'main', 'dry-run'],
    ['auto', 'schedule', 'refs/heads/main', 'main', 'dry-run'],
    ['auto', 'push', 'refs/heads/main', undefined, 'dry-run'],
    ['auto', 'push', 'refs/tags/main', 'main', 'dry-run'],
    ['apply', 'pull_request', 'refs/pull/7/merge', 'main', 'apply'],
    ['dry-run', 'push', 'refs/heads/main', 'main', 'dry-run'],
    ['exposures', 'schedule', 'refs/heads/main', 'main', 'exposures'],
    ['exposures', 'pull_request', 'refs/pull/7/merge', 'main', 'exposures'],
  ] as const)('%s on %s %s (default %s) → %s', (mode, eventName, ref, defaultBranch, expected) => {
    expect(resolveMode(mode, { eventName, ref, defaultBranch })).toBe(expected);
  });
});

describe('parseInputs', () => {
  const read = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');

  it('applies the defaults of action.yml when inputs are empty', () => {
    expect(read({})).toEqual({
      ok: true,
      inputs: {
        configPath: 'omni-dbt.yml',
        omniUrl: '',
        apiToken: '',
        mode: 'auto',
        selection: [],
        rotateKeys: false,
        force: false,
        failOnChanges: false,
        updateSecrets: false,
        comment: true,
        githubToken: '',
        maxRequestsPerMinute: 60,
        allowCustomHost: false,
        failOnImpact: 'new',
      },
    });
  });

  it('reports every bad input at once', () => {
    const result = read({
      mode: 'yolo',
      force: 'yes',
      'max-requests-per-minute': '0',
      'fail-on-impact': 'always',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'Input "mode" must be one of auto, dry-run, apply, preview, exposures, refresh, got "yolo".',
      'Input "fail-on-impact" must be one of new, any, none, got "always".',
      'Input "max-requests-per-minute" must be a whole number from 1 to 6000, got "0".',
      'Input "force" must be true or false, got "yes".',
    ]);
  });

  it('reads mode: refresh and each value of fail-on-impact, and keeps new for an invalid one', () => {
    for (const failOnImpact of ['new', 'any', 'none'] as const) {
      expect(read({ mode: 'refresh', 'fail-on-impact': failOnImpact })).toMatchObject({
        ok: true,
        inputs: { mode: 'refresh', failOnImpact },
      });
    }
    // Case matters, as for `mode`: the YAML of a workflow says it as written.
    expect(read({ 'fail-on-impact': 'New' })).toMatchObject({ ok: false, inputs: { failOnImpact: 'new' } });
  });

  it('splits connections on commas and newlines', () => {
    expect(splitList('a, b\nc,,\n  \n')).toEqual(['a', 'b', 'c']);
  });
});
