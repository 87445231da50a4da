// The workflows the README shows are what users paste first: each complete one must pass actionlint.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintWorkflow, readActionInputs } from '../../../scripts/actionlint.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The README's ```yaml blocks that are whole workflows (they have `on:` and `jobs:`). */
const workflowBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1] ?? '')
  .filter((block) => /^on:/m.test(block) && /^jobs:/m.test(block));

describe('README workflows', () => {
  it('has the quick start, plan and apply workflows', () => {
    expect(workflowBlocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(workflowBlocks.map((block, index) => [index, block] as const))(
    'block %i passes actionlint',
    async (index, block) => {
      const findings = await lintWorkflow(block, `README.md#workflow-${index}`, readActionInputs(repoRoot));
      expect(findings.map(formatFinding)).toEqual([]);
    },
  );

  it('would catch a mistake in one', async () => {
    const broken = (workflowBlocks[1] ?? '').replace(
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-latest\n    stesp: []',
    );
    const findings = await lintWorkflow(broken, 'README.md#broken', readActionInputs(repoRoot));
    expect(findings.length).toBeGreaterThan(0);
  });
});
