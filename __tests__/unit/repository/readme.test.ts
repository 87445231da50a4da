// README.md's inputs and outputs tables must be exactly what scripts/readme-tables.js renders from
// action.yml, so the documentation cannot drift from the action's interface (its measured figures:
// figures.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isReadmeCurrent,
  MissingMarkerError,
  markers,
  renderInputsTable,
  renderOutputsTable,
  updateReadme,
} from '../../../scripts/readme-tables.js';

const actionYml = readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

// Biome's Markdown formatter owns the padding of the cells; these tests are about their content.
function dropPadding(table: string): string {
  return table.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---');
}

function readBetween(text: string, { start, end }: { start: string; end: string }): string {
  const startAt = text.indexOf(start);
  const endAt = text.indexOf(end, startAt);
  expect(startAt, `README.md has ${start}`).toBeGreaterThanOrEqual(0);
  expect(endAt, `README.md has ${end}`).toBeGreaterThan(startAt);
  return text.slice(startAt + start.length, endAt).trim();
}

describe('README.md tables', () => {
  it('list the inputs of action.yml (run `npm run readme` to update)', () => {
    expect(dropPadding(readBetween(readme, markers.inputs))).toBe(dropPadding(renderInputsTable(actionYml)));
  });

  it('list the outputs of action.yml (run `npm run readme` to update)', () => {
    expect(dropPadding(readBetween(readme, markers.outputs))).toBe(
      dropPadding(renderOutputsTable(actionYml)),
    );
  });

  it('agree with action.yml (and docs/benchmarks.json) as the `--check` mode sees it', () => {
    expect(isReadmeCurrent(readme, actionYml)).toBe(true);
    const benchmarks = JSON.parse(
      readFileSync(new URL('../../../docs/benchmarks.json', import.meta.url), 'utf8'),
    );
    expect(isReadmeCurrent(readme, actionYml, benchmarks)).toBe(true);
    const slower = {
      ...benchmarks,
      sharedKey: { ...benchmarks.sharedKey, stray: { ...benchmarks.sharedKey.stray, wallMs: 9_999 } },
    };
    expect(isReadmeCurrent(readme, actionYml, slower)).toBe(false);
  });

  it('are the only part of README.md the script rewrites', () => {
    const withProse = readme.replace('## Inputs', 'Some prose.\n\n## Inputs');
    expect(updateReadme(withProse, actionYml)).toBe(withProse);
  });
});

describe('renderInputsTable and renderOutputsTable', () => {
  const sample = [
    'inputs:',
    '  mode:',
    '    description: dry-run | apply',
    '    default: auto',
    '  omni-url:',
    '    description: |',
    '      The instance.',
    '      HTTPS only.',
    '    required: true',
    'outputs:',
    '  result:',
    '    description: JSON',
    '',
  ].join('\n');

  it('renders one padded row per input with its default, escaping pipes and joining lines', () => {
    expect(renderInputsTable(sample).split('\n')).toEqual([
      '| Input      | Default | Description                             |',
      '| ---------- | ------- | --------------------------------------- |',
      '| `mode`     | `auto`  | dry-run \\| apply                        |',
      '| `omni-url` |         | The instance. HTTPS only. **Required.** |',
    ]);
    expect(renderOutputsTable(sample).split('\n')).toEqual([
      '| Output   | Description |',
      '| -------- | ----------- |',
      '| `result` | JSON        |',
    ]);
  });

  it('renders a different table when action.yml changes, so the README check fails', () => {
    const changedDefault = actionYml.replace(/default: auto/, 'default: apply');
    expect(changedDefault).not.toBe(actionYml);
    expect(renderInputsTable(changedDefault)).not.toBe(renderInputsTable(actionYml));
    expect(isReadmeCurrent(readme, changedDefault)).toBe(false);

    const extraOutput = `${actionYml.replace(/\nruns:/, '\n  plan-url:\n    description: Link to the plan.\nruns:')}`;
    expect(renderOutputsTable(extraOutput)).toContain('`plan-url`');
    expect(isReadmeCurrent(readme, extraOutput)).toBe(false);
  });

  it('refuses a README without the markers', () => {
    expect(() => updateReadme('# omni-dbt-action\n', actionYml)).toThrow(MissingMarkerError);
  });
});
