// loadConfig over the fixture corpus (every invalid file yields exactly its expected located errors),
// plus the messages users read: did-you-mean, rotateKeys, quoting hints, alias bombs, limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadConfig } from '../../../../src/core/config/load.js';
import type { ConfigIssue, LoadConfigResult, OmniDbtConfig } from '../../../../src/core/config/types.js';
import { listInvalidFixtures, listValidFixtures } from '../../../fixtures/config/corpus.js';

const ID1 = '550e8400-e29b-41d4-a716-446655440000';
const ID2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ID3 = '9b2f3c1e-4d5a-4e6b-8c7d-0e1f2a3b4c5d';

const locate = ({ line, column, field }: Pick<ConfigIssue, 'line' | 'column' | 'field'>) => ({
  line,
  column,
  field,
});

function issuesOf(result: LoadConfigResult): ConfigIssue[] {
  return result.ok ? result.warnings : result.issues;
}

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

const invalidFixtures = listInvalidFixtures();
const validFixtures = listValidFixtures();

describe('the corpus', () => {
  it('has at least 30 kinds of mistake and 6 valid files, each with expectations', () => {
    expect(invalidFixtures.length).toBeGreaterThanOrEqual(30);
    expect(validFixtures.length).toBeGreaterThanOrEqual(6);
    for (const fixture of invalidFixtures) expect(fixture.expected.length, fixture.file).toBeGreaterThan(0);
  });
});

describe.each(invalidFixtures)('invalid/$file', ({ file, path, expected, expectedWarnings, says }) => {
  const result = loadConfig(readFileSync(path, 'utf8'), `fixtures/${file}`);
  const issues = issuesOf(result);

  it('is refused with exactly the expected errors and warnings, sorted by line', () => {
    expect(result.ok).toBe(false);
    expect(issues.filter((i) => i.severity === 'error').map(locate)).toEqual(expected);
    expect(issues.filter((i) => i.severity === 'warning').map(locate)).toEqual(expectedWarnings);
    const lines = issues.map((issue) => issue.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('says what was expected and how to fix it', () => {
    const messages = issues.map((issue) => issue.message);
    for (const text of says)
      expect(
        messages.some((message) => message.includes(text)),
        text,
      ).toBe(true);
    for (const issue of issues) {
      expect(issue.message.length).toBeGreaterThan(20);
      expect(
        formatIssue(issue).startsWith(`fixtures/${file}:${issue.line}:${issue.column}: ${issue.field}: `),
      ).toBe(true);
    }
  });
});

describe.each(validFixtures)('valid/$file', ({ path, expectedWarnings }) => {
  it('loads, with exactly the expected warnings', () => {
    const result = loadConfig(readFileSync(path, 'utf8'), 'omni-dbt.yml');
    expect(issuesOf(result).filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(issuesOf(result).map(locate)).toEqual(expectedWarnings);
  });
});

describe('merged bodies', () => {
  const bodiesOf = (fixture: string) =>
    loadOk(readFileSync(validFixtures.find((f) => f.file === fixture)?.path ?? fixture, 'utf8')).connections;

  it('merges defaults under each connection and makes the contract defaults explicit', () => {
    const [production, staging, bigquery] = bodiesOf('defaults-and-overrides.yml');
    const shared = {
      sshUrl: 'git@github.com:acme/analytics.git',
      autogenRelationships: true,
      enableVirtualSchemas: true,
    };
    expect(production).toEqual({
      connectionId: ID1,
      name: 'Snowflake production',
      body: {
        ...shared,
        branch: 'main',
        dbtVersion: '1.11',
        enableSemanticLayer: false,
        projectRootPath: 'transform',
      },
      pruneEnvironments: false,
      pruneSchemaRefreshSchedules: false,
      position: { line: 10, column: 5 },
    });
    expect(staging?.body).toEqual({
      ...shared,
      branch: 'staging',
      dbtVersion: '1.11',
      enableSemanticLayer: true,
      projectRootPath: null,
    });
    expect(bigquery?.body).toEqual({
      ...shared,
      autogenRelationships: false,
      branch: 'main',
      dbtVersion: 'Auto',
      enableSemanticLayer: false,
      projectRootPath: null,
    });
  });

  it('leaves dbtVersion out of the body when the file leaves it out', () => {
    const [connection] = bodiesOf('minimal.yml');
    expect(connection?.body).not.toHaveProperty('dbtVersion');
    expect(connection?.name).toBeUndefined();
    expect(connection && 'name' in connection).toBe(false);
  });

  it('follows merge keys, letting the connection override the merged settings', () => {
    const [production, staging] = bodiesOf('merge-keys.yml');
    expect(staging).toMatchObject({ connectionId: ID2, name: 'Snowflake staging' });
    expect(staging?.body).toEqual({ ...production?.body, branch: 'staging' });
    expect(staging?.body.projectRootPath).toBe('transform');
  });

  it('reads aliases and !!str as the values they stand for', () => {
    const [production, second] = bodiesOf('anchors-aliases.yml');
    expect(production?.body).toMatchObject({
      branch: 'main',
      autogenRelationships: true,
      enableVirtualSchemas: true,
    });
    expect(second?.name).toBe('git@github.com:acme/analytics.git');
    const [tagged, upper] = bodiesOf('str-tag.yml');
    expect(tagged?.body).toMatchObject({ branch: '2024', dbtVersion: '1.10', autogenRelationships: true });
    expect(upper).toMatchObject({ connectionId: ID2.toUpperCase(), body: { dbtVersion: '1.11' } });
  });

  it('keeps "" and null for projectRootPath, and sends "Auto" for dbtVersion: null', () => {
    const [empty, tilde, blank] = bodiesOf('nulls-and-empty.yml');
    expect(empty?.body.projectRootPath).toBe('');
    expect(tilde?.body).toMatchObject({ projectRootPath: null, dbtVersion: 'Auto' });
    expect(blank?.body.projectRootPath).toBeNull();
  });

  it('loads fifty connections in file order', () => {
    const connections = bodiesOf('fifty-connections.yml');
    expect(connections).toHaveLength(50);
    expect(connections[4]?.body.branch).toBe('staging');
    expect(connections[5]?.body.branch).toBe('main');
    expect(connections.map((c) => c.name)).toEqual(
      Array.from({ length: 50 }, (_, i) => `connection ${i + 1}`),
    );
  });
});

describe('the examples', () => {
  it('examples/omni-dbt.yml is valid, with three connections', () => {
    const config = loadOk(readFileSync('examples/omni-dbt.yml', 'utf8'));
    expect(
      config.connections.map((c) => [c.connectionId, c.name, c.body.branch, c.body.projectRootPath]),
    ).toEqual([
      [ID1, 'Snowflake production', 'main', 'transform'],
      [ID2, 'Snowflake staging', 'staging', null],
      [ID3, 'BigQuery analytics', 'main', null],
    ]);
  });

  it('examples/invalid/omni-dbt.yml fails with the three errors its header lists', () => {
    const text = readFileSync('examples/invalid/omni-dbt.yml', 'utf8');
    const listed = [...text.matchAll(/^# expect: (\d+):(\d+) (\S+)$/gm)].map(([, line, column, field]) => ({
      line: Number(line),
      column: Number(column),
      field,
    }));
    expect(listed).toHaveLength(3);
    expect(loadErrors(text).map(locate)).toEqual(listed);
  });
});

const VALID_FILE = `version: 1
defaults:
  sshUrl: git@github.com:acme/analytics.git
  branch: main
  autogenRelationships: true
  enableVirtualSchemas: true
connections:
  - id: ${ID1}
`;

describe('messages', () => {
  it('formats an issue as path:line:col: field: message', () => {
    const issue: ConfigIssue = {
      severity: 'error',
      file: 'ci/omni-dbt.yml',
      line: 4,
      column: 17,
      field: 'connections[0].dbtVersion',
      message: 'expected one of "Auto", "1.10", "1.11" or null',
    };
    expect(formatIssue(issue)).toBe(
      'ci/omni-dbt.yml:4:17: connections[0].dbtVersion: expected one of "Auto", "1.10", "1.11" or null',
    );
  });

  it.each([
    ['sshURL', 'sshUrl'],
    ['brnch', 'branch'],
    ['dbt_version', 'dbtVersion'],
    ['Branch', 'branch'],
    ['project-root-path', 'projectRootPath'],
    ['enableVirtualSchema', 'enableVirtualSchemas'],
  ])('suggests `%s` → `%s` in a connection', (typo, known) => {
    const [error] = loadErrors(`${VALID_FILE}    ${typo}: x\n`);
    expect(error).toMatchObject({ line: 9, column: 5, field: `connections[0].${typo}` });
    expect(error?.message).toContain(`did you mean \`${known}\`?`);
  });

  it('suggests `connections` for `connection` at the top level', () => {
    const errors = loadErrors(VALID_FILE.replace('connections:', 'connection:'));
    expect(errors.find((e) => e.field === 'connection')?.message).toContain('did you mean `connections`?');
  });

  it('refuses rotateKeys, saying why and pointing at the rotate-keys input', () => {
    const [error] = loadErrors(`${VALID_FILE}    rotateKeys: false\n`);
    expect(error).toMatchObject({ line: 9, column: 17, field: 'connections[0].rotateKeys' });
    expect(error?.message).toContain('rotate the deploy key on every apply');
    expect(error?.message).toContain('`rotate-keys: true`');
  });

  it('explains the unquoted 1.10 and how to quote it', () => {
    const [error] = loadErrors(`${VALID_FILE}    dbtVersion: 1.10\n`);
    expect(error).toMatchObject({ line: 9, column: 17, field: 'connections[0].dbtVersion' });
    expect(error?.message).toBe(
      'expected one of "Auto", "1.10", "1.11" or null, got the number 1.1; ' +
        'YAML reads unquoted 1.10 as the number 1.1: quote it, `dbtVersion: "1.10"`',
    );
  });

  it('does not suggest quoting a number that is no allowed version', () => {
    const [error] = loadErrors(`${VALID_FILE}    dbtVersion: 1.1\n`);
    expect(error?.message).not.toContain('`dbtVersion: "1.1"`');
    expect(error?.message).toContain('`dbtVersion: "1.11"`');
  });

  it('refuses an alias bomb quickly, with a located issue instead of a crash', () => {
    const levels = 'abcdefghij'.split('');
    const bomb = levels
      .map(
        (name, i) =>
          `${name}: &${name} [${Array(10)
            .fill(i === 0 ? 'lol' : `*${levels[i - 1]}`)
            .join(', ')}]`,
      )
      .join('\n');
    const errors = loadErrors(`${bomb}\n${VALID_FILE.replace('version: 1\n', '')}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column: 8, field: '(file)' });
    expect(errors[0]?.message).toContain('alias bomb');
  });

  it('accepts a hundred connections merging one anchor (below the alias limit)', () => {
    const connections = Array.from(
      { length: 100 },
      (_, i) => `  - <<: *shared\n    id: 00000000-0000-0000-0000-${String(i).padStart(12, '0')}\n`,
    ).join('');
    const text = `version: 1\ndefaults: &shared\n${VALID_FILE.split('defaults:\n')[1]?.split('connections:')[0]}connections:\n${connections}`;
    expect(loadOk(text).connections).toHaveLength(100);
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const text = `${VALID_FILE}${'# padding\n'.repeat(110_000)}`;
    const errors = loadErrors(text);
    expect(errors).toEqual([expect.objectContaining({ line: 1, column: 1, field: '(file)' })]);
    expect(errors[0]?.message).toContain('1 MiB');
  });

  it('refuses an empty string as an empty file', () => {
    expect(loadErrors('')).toEqual([expect.objectContaining({ line: 1, column: 1, field: '(file)' })]);
  });

  it('reports all errors at once, across defaults and connections', () => {
    const text = VALID_FILE.replace('branch: main', 'branch: 2024').replace(
      `  - id: ${ID1}\n`,
      `  - id: ${ID1}\n    dbtVersion: auto\n  - id: nope\n    enableSemanticLayer: "false"\n`,
    );
    expect(loadErrors(text).map((e) => e.field)).toEqual([
      'defaults.branch',
      'connections[0].dbtVersion',
      'connections[1].id',
      'connections[1].enableSemanticLayer',
    ]);
  });

  it('warns about an HTTPS repository URL and suggests its SSH form', () => {
    const result = loadConfig(
      VALID_FILE.replace('git@github.com:acme/analytics.git', 'https://github.com/acme/analytics'),
      'omni-dbt.yml',
    );
    expect(result.ok).toBe(true);
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({ severity: 'warning', line: 3, column: 11, field: 'defaults.sshUrl' }),
    ]);
    expect(issuesOf(result)[0]?.message).toContain('`git@github.com:acme/analytics.git`');
  });

  it('reports warnings beside errors when the file is refused', () => {
    const result = loadConfig(`${VALID_FILE}    branch: "feature..x"\n    brnch: y\n`, 'omni-dbt.yml');
    expect(issuesOf(result).map((i) => [i.severity, i.field])).toEqual([
      ['warning', 'connections[0].branch'],
      ['error', 'connections[0].brnch'],
    ]);
  });
});
