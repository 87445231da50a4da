// Checks action.yml, parsed by GitHub's own action parser (@actions/workflow-parser), against the
// public interface that the README's "Inputs" and "Outputs" fix.
import { readFileSync } from 'node:fs';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import {
  type ActionTemplate,
  convertActionTemplate,
  parseAction,
} from '@actions/workflow-parser/actions/index';
import { describe, expect, it } from 'vitest';

type ParsedAction = { errors: string[]; template: Partial<ActionTemplate> };

function parseActionYml(content: string): ParsedAction {
  const parsed = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  const template = parsed.value ? convertActionTemplate(parsed.context, parsed.value) : {};
  return { errors, template };
}

// README, "Inputs". An empty string stands for "no default".
const specInputs: Record<string, string> = {
  config: 'omni-dbt.yml',
  'omni-url': '',
  'api-token': '',
  mode: 'auto',
  connections: '',
  'rotate-keys': 'false',
  force: 'false',
  'fail-on-changes': 'false',
  comment: 'true',
  'github-token': `\${{ github.token }}`,
  'max-requests-per-minute': '60',
  'allow-custom-host': 'false',
  'update-secrets': 'false',
  'fail-on-impact': 'new',
};

// README, "Outputs".
const specOutputs = ['changed', 'failed', 'has-changes', 'exposures-changed', 'result'];

const { errors, template } = parseActionYml(
  readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8'),
);
const inputs = template.inputs ?? [];
const outputs = template.outputs ?? [];

describe('action.yml', () => {
  it('is valid for the action schema', () => {
    expect(errors).toEqual([]);
    expect(template.name).toBeTruthy();
    expect(template.description).toBeTruthy();
  });

  it('declares exactly the inputs the README lists, no more', () => {
    expect(inputs.map((input) => input.id).sort()).toEqual(Object.keys(specInputs).sort());
  });

  it.each(Object.entries(specInputs))(
    'input %s has default "%s", a description, and is optional',
    (id, value) => {
      const input = inputs.find((candidate) => candidate.id === id);
      expect(input, `input ${id} is declared`).toBeDefined();
      expect(input?.default?.toString() ?? '').toBe(value);
      expect(input?.description?.trim().length ?? 0).toBeGreaterThan(10);
      // Every input has a usable default or none needed: a required input would break `uses:` without `with:`.
      expect(input?.required ?? false).toBe(false);
    },
  );

  it('declares exactly the outputs the README lists, each with a description', () => {
    expect(outputs.map((output) => output.id).sort()).toEqual([...specOutputs].sort());
    for (const output of outputs) {
      expect(output.description?.trim().length ?? 0, `output ${output.id}`).toBeGreaterThan(5);
    }
  });

  it('runs dist/index.js on node24', () => {
    expect(template.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('has Marketplace branding', () => {
    expect(template.branding?.icon).toBeTruthy();
    expect(template.branding?.color).toBeTruthy();
  });
});

describe('the checks above can fail', () => {
  it('reports a runtime that GitHub does not know', () => {
    const broken = parseActionYml('name: x\ndescription: y\nruns:\n  using: node99\n  main: dist/index.js\n');
    expect(broken.errors.join('\n')).toMatch(/node99/);
  });

  it('sees an extra input and a changed default', () => {
    const changed = parseActionYml(
      [
        'name: x',
        'description: y',
        'inputs:',
        '  mode:',
        '    description: changed',
        '    default: apply',
        '  extra:',
        '    description: not in the spec',
        'runs:',
        '  using: node24',
        '  main: dist/index.js',
        '',
      ].join('\n'),
    );
    expect(changed.errors).toEqual([]);
    const ids = (changed.template.inputs ?? []).map((input) => input.id);
    expect(ids).toContain('extra');
    expect(changed.template.inputs?.[0]?.default?.toString()).not.toBe(specInputs.mode);
  });
});
