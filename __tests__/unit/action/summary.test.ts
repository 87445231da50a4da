// The job summary stays within GitHub's 1 MiB, counted in bytes as GitHub counts it, however many
// connections and environments it lists and whatever script their names are written in.
import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../../src/action/publish.js';
import { SUMMARY_LIMIT_BYTES } from '../../../src/core/report/markdown.js';
import type { ConnectionResult, RunReport } from '../../../src/core/run/types.js';
import { createRedactor } from '../../../src/core/secrets.js';

// Three bytes a character in UTF-8, and one of four bytes (two UTF-16 units) among them.
const CJK = '数据仓库生产环境分析模型𠮷';

function buildReport(count: number, nameLength: number): RunReport {
  const name = (i: number) => `${CJK.repeat(Math.ceil(nameLength / CJK.length)).slice(0, nameLength)}${i}`;
  const connections: ConnectionResult[] = Array.from({ length: count }, (_, i) => ({
    connectionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: name(i),
    action: 'update',
    status: 'planned',
    changes: [{ field: 'branch', from: name(i), to: `${name(i)}新` }],
    rotateKeys: false,
    environments: [0, 1, 2].map((e) => ({
      name: `${name(i)}环境${e}`,
      action: 'update' as const,
      status: 'planned' as const,
      changes: [{ field: 'targetSchema', from: name(e), to: name(e + 1) }],
    })),
  }));
  return {
    mode: 'dry-run',
    isValidationOnly: false,
    configPath: 'omni-dbt.yml',
    issues: [],
    connections,
    isCancelled: false,
    failOnChanges: false,
  };
}

describe('the job summary', () => {
  it.each([
    ['thousands of connections whose details do not fit', 3000, 40],
    ['so many that not even the table fits', 8000, 60],
  ])('stays under 1 MiB in bytes with %s, named in CJK', (_label, count, nameLength) => {
    const summary = renderJobSummary(buildReport(count, nameLength), createRedactor());
    const bytes = Buffer.byteLength(summary, 'utf8');
    expect(bytes).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    // The limit was used, not undershot: what was left out is said.
    expect(bytes).toBeGreaterThan(SUMMARY_LIMIT_BYTES * 0.9);
    expect(summary).toMatch(/were left out to fit|was cut to fit/);
    // No character was split: the text encodes back to itself.
    expect(Buffer.from(summary, 'utf8').toString('utf8')).toBe(summary);
  });
});
