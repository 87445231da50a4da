// loadConfig on `environments`, `pruneEnvironments` and `preview`: what the rest of the action receives,
// and the messages for mistakes the fixture corpus does not show one by one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadConfig } from '../../../../src/core/config/load.js';
import type { ConfigIssue, OmniDbtConfig } from '../../../../src/core/config/types.js';

const HEAD = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: 550e8400-e29b-41d4-a716-446655440000
`;

function loadOk(text: string): OmniDbtConfig {
  const result = loadConfig(text, 'omni-dbt.yml');
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.config;
}

function loadErrors(text: string): ConfigIssue[] {
  const result = loadConfig(text, 'omni-dbt.yml');
  if (result.ok) throw new Error('expected the file to be refused');
  return result.issues.filter((issue) => issue.severity === 'error');
}

describe('valid/environments.yml', () => {
  const [production, staging, third] = loadOk(
    readFileSync('__tests__/fixtures/config/valid/environments.yml', 'utf8'),
  ).connections;

  it('lists environments with explicit null overrides and typed variables', () => {
    expect(production?.environments?.map((e) => e.name)).toEqual(['Production', 'Staging']);
    expect(production?.environments?.[1]).toMatchObject({
      targetSchema: 'staging',
      targetDatabase: null,
      targetRole: null,
      targetName: null,
      variables: [],
    });
    expect(production?.environments?.[0]?.variables).toEqual([
      {
        name: 'DBT_TARGET',
        isSecret: false,
        source: 'plain',
        value: 'production',
        position: { line: 19, column: 11 },
      },
      {
        name: 'DBT_CLOUD_API_KEY',
        isSecret: true,
        source: 'env',
        envName: 'DBT_CLOUD_API_KEY',
        position: { line: 20, column: 11 },
      },
      {
        name: 'DBT_SCHEMA_PREFIX',
        isSecret: false,
        source: 'env',
        envName: 'SCHEMA_PREFIX',
        position: { line: 21, column: 11 },
      },
    ]);
  });

  it('takes pruneEnvironments from the connection, else defaults', () => {
    expect(production?.pruneEnvironments).toBe(true);
    expect(staging?.pruneEnvironments).toBe(false);
    expect(third?.pruneEnvironments).toBe(true);
  });

  it('keeps an empty list (manage, none wanted) apart from no list (not managed)', () => {
    expect(staging?.environments).toEqual([]);
    expect(third).not.toHaveProperty('environments');
  });

  it('reads the preview block, defaulting omniBranch to {head} when omniModel is given', () => {
    expect(production?.preview).toMatchObject({
      name: 'PR {pr}',
      targetSchema: 'dbt_pr_{pr}',
      targetDatabase: null,
      targetRole: null,
      targetName: 'ci_{sha}',
      omniModel: '2b4f0c8e-6a1d-4c3b-9e7f-1a2b3c4d5e6f',
      omniBranch: '{head}',
    });
    expect(third?.preview).toMatchObject({ name: '{head} into {base}', omniBranch: '{head}' });
    expect(staging).not.toHaveProperty('preview');
  });
});

describe('a connection without environments', () => {
  it('has no environments key and pruneEnvironments false', () => {
    const [connection] = loadOk(HEAD).connections;
    expect(connection).not.toHaveProperty('environments');
    expect(connection).not.toHaveProperty('preview');
    expect(connection?.pruneEnvironments).toBe(false);
  });
});

const withEnvironment = (lines: string) =>
  `${HEAD}    environments:\n      - name: Production\n        targetSchema: analytics\n${lines}`;

describe('messages', () => {
  it.each([
    ['{ value: x }', 'fromEnv: NAME'],
    ['{ value: x, secret: false }', 'plain string'],
    ['{ fromEnv: KEY, value: x }', 'GitHub secret'],
  ])('refuses a value written in a mapping, %s, pointing at fromEnv', (written, says) => {
    const errors = loadErrors(withEnvironment(`        variables:\n          KEY: ${written}\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('connections[0].environments[0].variables.KEY.value');
    expect(errors[0]?.message).toContain(says);
  });

  it('never repeats the secret value in a message', () => {
    const errors = loadErrors(
      withEnvironment('        variables:\n          KEY: { value: hunter2-secret }\n'),
    );
    for (const error of errors) expect(formatIssue(error)).not.toContain('hunter2-secret');
  });

  it('explains a number where a variable value is expected, with the quoting fix', () => {
    const [error] = loadErrors(withEnvironment('        variables:\n          PORT: 5432\n'));
    expect(error).toMatchObject({
      line: 13,
      column: 17,
      field: 'connections[0].environments[0].variables.PORT',
    });
    expect(error?.message).toContain('`PORT: "5432"`');
  });

  it('refuses a fromEnv that is no environment variable name, and a non-boolean secret', () => {
    const errors = loadErrors(
      withEnvironment(
        '        variables:\n          A: { fromEnv: 1ABC }\n          B: { fromEnv: B, secret: "no" }\n',
      ),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'connections[0].environments[0].variables.A.fromEnv',
      'connections[0].environments[0].variables.B.secret',
    ]);
    expect(errors[0]?.message).toContain('not start with a digit');
  });

  it('refuses a mapping variable without fromEnv', () => {
    const [error] = loadErrors(withEnvironment('        variables:\n          A: { secret: true }\n'));
    expect(error?.message).toContain('missing `fromEnv`');
  });

  it('quotes a variable name with a space in the field path', () => {
    const [error] = loadErrors(withEnvironment('        variables:\n          "MY VAR": 1\n'));
    expect(error?.field).toBe('connections[0].environments[0].variables["MY VAR"]');
  });

  it('suggests preview keys and refuses an empty preview name', () => {
    const errors = loadErrors(
      `${HEAD}    preview:\n      name: ""\n      targetSchema: x\n      omniModle: y\n`,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'connections[0].preview.name',
      'connections[0].preview.omniModle',
    ]);
    expect(errors[1]?.message).toContain('did you mean `omniModel`?');
  });

  it('requires name and targetSchema in preview', () => {
    const errors = loadErrors(`${HEAD}    preview:\n      targetDatabase: null\n`);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('missing `name`: the `preview` block needs it'),
      expect.stringContaining('missing `targetSchema`: the `preview` block needs it'),
    ]);
  });

  it('names an entry of environments that is not a mapping', () => {
    const [error] = loadErrors(`${HEAD}    environments:\n      - Production\n`);
    expect(error).toMatchObject({ field: 'connections[0].environments[0]' });
    expect(error?.message).toContain("a mapping with the environment's `name`");
  });

  it('suggests pruneEnvironments in defaults', () => {
    const [error] = loadErrors(HEAD.replace('defaults:\n', 'defaults:\n  pruneEnvironment: true\n'));
    expect(error?.message).toContain('did you mean `pruneEnvironments`?');
  });

  it.each([
    ['defaults', HEAD.replace('defaults:\n', 'defaults:\n  environments: []\n')],
    ['the top level', `preview: {}\n${HEAD}`],
  ])('says environments and preview belong to a connection, in %s', (_, text) => {
    const [error] = loadErrors(text);
    expect(error?.message).toContain('belongs to each connection');
  });
});
