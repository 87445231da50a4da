// `npm run demo` (README's first command) as a user runs it: scripts/demo.js with the built dist/index.js
// against the sandbox. Its plan and apply show the production connection's dbt environments, the secret it
// passes through the step's env is in none of its output, and its counts add up: each count line's buckets
// sum to its total, the headline, the table, the log and the outputs say the same numbers, and the apply did
// what the plan said; its third act's preview comment names the dashboards
// pull request #12 breaks. Needs dist/ (`npm run build`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/runner.js';

const SECRET = 'demo-test-secret-4f1c9a';

/** `3 connections: 1 to create, 2 to update` → { total: 3, buckets: { 'to create': 1, 'to update': 2 } }. */
function parseCount(segment: string): { noun: string; total: number; buckets: Record<string, number> } {
  const match = /^(\d+) (\w+): (.+)$/.exec(segment.trim());
  if (match === null) throw new Error(`not a count: ${segment}`);
  const buckets: Record<string, number> = {};
  for (const part of (match[3] ?? '').split(', ')) {
    const bucket = /^(\d+) (.+)$/.exec(part);
    if (bucket === null) throw new Error(`not a bucket: ${part}`);
    buckets[bucket[2] ?? ''] = Number(bucket[1]);
  }
  return { noun: match[2] ?? '', total: Number(match[1]), buckets };
}

/** The count line of a job summary (`**Plan:** …` or `**Applied:** …`), one count per noun. */
function readCountLine(text: string, label: 'Plan' | 'Applied') {
  const line = new RegExp(`^\\*\\*${label}:\\*\\* (.+)\\.$`, 'm').exec(text)?.[1];
  if (line === undefined) throw new Error(`no **${label}:** line`);
  return Object.fromEntries(
    line.split('; ').map((segment) => {
      const count = parseCount(segment);
      return [count.noun, count];
    }),
  );
}

const sum = (buckets: Record<string, number>) => Object.values(buckets).reduce((a, b) => a + b, 0);
const PAST: Record<string, string> = {
  'to create': 'created',
  'to update': 'updated',
  'to delete': 'deleted',
};

describe('npm run demo', () => {
  it('plans, then applies the environments of examples/demo/omni-dbt.yml, exits 0 and never prints the secret; its counts add up', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.js')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMNI_DBT_DEMO_SECRET: SECRET },
      timeout: 60_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).not.toContain(SECRET);
    const [, dryRun = '', apply = ''] = run.stdout.split(/━━ [^━]+ ━━/);

    // Each act says what it did, in the log's words: a connection as a whole, its parts beneath it.
    expect(dryRun).toContain('▸ Snowflake production (550e8400-e29b-41d4-a716-446655440000): to update');
    expect(dryRun).toContain('  settings unchanged\n  environment Production: to update');
    expect(dryRun).toContain('  environment CI: to create');
    expect(dryRun).toContain('  environment Staging checks: not in the file, left alone');
    expect(apply).toContain('▸ Snowflake production (550e8400-e29b-41d4-a716-446655440000): updated');
    expect(apply).toContain('  environment Production: updated');
    expect(apply).toContain('  environment CI: created');
    expect(run.stdout).not.toMatch(/ → (planned|applied|unchanged|unmanaged)$/m);

    // The plan's count line adds up, and so does the apply's; they count the same connections alike.
    const plan = readCountLine(dryRun, 'Plan');
    const applied = readCountLine(apply, 'Applied');
    for (const count of [...Object.values(plan), ...Object.values(applied)]) {
      expect(sum(count.buckets), `${count.noun}: ${JSON.stringify(count.buckets)}`).toBe(count.total);
    }
    expect(plan.connections).toEqual({
      noun: 'connections',
      total: 3,
      buckets: { 'to create': 1, 'to update': 2 },
    });
    expect(plan.environments?.total).toBe(4);
    for (const noun of ['connections', 'environments']) {
      const expected = Object.fromEntries(
        Object.entries(plan[noun]?.buckets ?? {}).map(([bucket, n]) => [PAST[bucket] ?? bucket, n]),
      );
      expect(applied[noun]?.buckets, noun).toEqual(expected);
    }

    // The headline, the table's rows, the log's groups and the outputs say the same numbers.
    const changed =
      (plan.connections?.buckets['to create'] ?? 0) + (plan.connections?.buckets['to update'] ?? 0);
    expect(dryRun).toContain(`**${changed} of ${plan.connections?.total} connections would change.**`);
    expect(apply).toContain(`**Changed ${changed} of ${applied.connections?.total} connections.**`);
    for (const [step, words] of [
      [dryRun, { create: 'to create', update: 'to update' }],
      [apply, { create: 'created', update: 'updated' }],
    ] as const) {
      const rows = step.split('\n').filter((line) => /^\| [^|]+ \| `[0-9a-f-]{36}` \|/.test(line));
      expect(rows).toHaveLength(3);
      expect(rows.filter((row) => row.includes('| 🆕 create')).length).toBe(1);
      expect(rows.filter((row) => row.includes('| ✏️ update')).length).toBe(2);
      const groups = step.split('\n').filter((line) => line.startsWith('▸ '));
      expect(groups.filter((line) => line.endsWith(`: ${words.create}`))).toHaveLength(1);
      expect(groups.filter((line) => line.endsWith(`: ${words.update}`))).toHaveLength(2);
      expect(step).toContain(`changed=${changed} failed=0`);
    }

    // What the demo says each act did agrees with the action's own count lines.
    expect(dryRun).toContain(
      'What the dry-run did: it read the 3 connections of the file in Omni and wrote nothing (0 writes). Its plan for the 3: 1 to create (BigQuery analytics), 2 to update (Snowflake production, Snowflake staging); for the 4 shared environments it read: 1 to create, 1 to update, 2 not in the file.',
    );
    expect(apply).toContain(
      'What the apply did: it wrote the plan to Omni. Of the 3 connections: 1 created (BigQuery analytics), 2 updated (Snowflake production, Snowflake staging); of the 4 shared environments: 1 created, 1 updated, 2 not in the file.',
    );
    expect(apply).toContain('The apply did what the dry-run planned, connection for connection.');
    expect(run.stdout).toContain('environment creates: 1, environment updates: 1');
    expect(run.stdout).toContain(
      'CI: targetSchema dbt_ci, targetName ci; DBT_TARGET=ci, DBT_CLOUD_API_KEY=(secret, set)',
    );
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
