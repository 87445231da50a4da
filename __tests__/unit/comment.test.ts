import { describe, expect, it } from 'vitest';
import { buildCommentMarker, renderPlanComment } from '../../src/report/comment.js';
import { COMMENT_LIMIT_CHARS } from '../../src/report/markdown.js';
import type { ConnectionResult, RunReport } from '../../src/run/types.js';

const planned = (i: number): ConnectionResult => ({
  connectionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `connection ${i}`,
  action: 'update',
  status: 'planned',
  changes: [
    {
      field: 'sshUrl',
      from: `git@old.example:${'x'.repeat(400)}.git`,
      to: `git@new.example:${'y'.repeat(400)}.git`,
    },
  ],
  rotateKeys: false,
});

const report = (connections: ConnectionResult[]): RunReport => ({
  mode: 'dry-run',
  isValidationOnly: false,
  configPath: 'analytics/omni-dbt.yml',
  issues: [],
  connections,
  isCancelled: false,
  failOnChanges: false,
});

describe('the plan comment', () => {
  it('opens with a hidden marker that names the config path', () => {
    const body = renderPlanComment(report([planned(1)]), undefined);
    expect(body.split('\n')[0]).toBe('<!-- omni-dbt-action plan: analytics/omni-dbt.yml -->');
    expect(buildCommentMarker('a/omni-dbt.yml')).not.toBe(buildCommentMarker('b/omni-dbt.yml'));
  });

  it('cannot be closed early by a config path holding "-->"', () => {
    expect(buildCommentMarker('x/--> <b>hi</b>.yml')).not.toMatch(/-->.*-->/);
  });

  it('stays within GitHub’s 65,536 characters, keeps every row and links the job summary', () => {
    const body = renderPlanComment(
      report(Array.from({ length: 400 }, (_, i) => planned(i))),
      'https://github.com/acme/analytics/actions/runs/4242',
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(body).toContain('| connection 399 |');
    expect(body).toContain(
      'The full plan is in the [job summary](https://github.com/acme/analytics/actions/runs/4242).',
    );
  });
});
