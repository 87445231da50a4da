// The top-level `exposures` block as loadConfig reads it: what a run gets from a valid block, and every
// mistake of a bad one reported at once, located, beside the rest of the file's.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/core/config/load.js';

const HEAD = `version: 1
connections:
  - id: 550e8400-e29b-41d4-a716-446655440000
    sshUrl: git@github.com:acme/analytics.git
    branch: main
    autogenRelationships: true
    enableVirtualSchemas: true
`;

describe('the exposures block', () => {
  it('gives the path as written, the model ids in lower case and in order, and the maturity', () => {
    const loaded = loadConfig(
      `${HEAD}exposures:\n  path: models/omni/exposures.yaml\n  models: [3C5A1D9F-7B2E-4D4C-8F80-2B3C4D5E6F70, 2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f]\n  maturity: low\n`,
      'omni-dbt.yml',
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.config.exposures).toEqual({
      path: 'models/omni/exposures.yaml',
      modelIds: ['3c5a1d9f-7b2e-4d4c-8f80-2b3c4d5e6f70', '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f'],
      maturity: 'low',
      position: { line: 9, column: 3 },
    });
  });

  it('is absent from the config of a file without one, and leaves out an unset maturity', () => {
    const without = loadConfig(HEAD, 'omni-dbt.yml');
    expect(without.ok && without.config.exposures).toBeUndefined();
    const bare = loadConfig(
      `${HEAD}exposures:\n  path: x.yml\n  models: [2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f]\n`,
      'omni-dbt.yml',
    );
    expect(bare.ok && bare.config.exposures).not.toHaveProperty('maturity');
  });

  it("reports every mistake of the block at once, at each one's line, with the file's other errors", () => {
    const loaded = loadConfig(
      [
        'version: 1',
        'connections:',
        '  - id: not-a-uuid',
        '    sshUrl: git@github.com:acme/analytics.git',
        '    branch: main',
        '    autogenRelationships: true',
        '    enableVirtualSchemas: true',
        'exposures:',
        '  path: ../outside.txt',
        '  models: [2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f, nope, 2B4F0C8E-6A1D-4C3B-9E7F-1A2B3C4D5E6F]',
        '  maturity: High',
        '  owner: ann',
        '',
      ].join('\n'),
      'omni-dbt.yml',
    );
    if (loaded.ok) throw new Error('expected errors');
    expect(loaded.issues.map((issue) => `${issue.line}:${issue.column} ${issue.field}`)).toEqual([
      '3:9 connections[0].id',
      '9:9 exposures.path',
      '9:9 exposures.path',
      '10:50 exposures.models[1]',
      '10:56 exposures.models[2]',
      '11:13 exposures.maturity',
      '12:3 exposures.owner',
    ]);
    const messages = loaded.issues.map((issue) => issue.message);
    expect(messages[1]).toContain('`..` segment');
    expect(messages[2]).toContain('`outside.txt` is not a YAML file name');
    expect(messages[4]).toContain('models[0] (line 10) is the same model');
    expect(messages[5]).toContain('write it in lower case: `maturity: high`');
    expect(messages[6]).toContain(
      'unknown key `owner`: the keys allowed here are `path`, `models`, `maturity`',
    );
  });

  it('says how to write a single model id given without a list', () => {
    const loaded = loadConfig(
      `${HEAD}exposures:\n  path: x.yml\n  models: 2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f\n`,
      'omni-dbt.yml',
    );
    if (loaded.ok) throw new Error('expected an error');
    expect(loaded.issues.map((issue) => issue.message)).toEqual([
      'expected a list of at least one Omni shared model UUID (8-4-4-4-12 hex digits, like 2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f), got the string "2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f"; write it as a list, `models: [2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f]`',
    ]);
  });
});
