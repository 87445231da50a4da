// parseCliArgs: every command's options, defaults and usage errors, and that no error echoes a value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/args.js';
import { COMMAND_HELP, COMMAND_NAMES, TOP_LEVEL_HELP } from '../../../src/cli/help.js';
import { CLI_VERSION } from '../../../src/cli/version.js';
import { splitList } from '../../../src/core/options.js';

const ID_A = '550e8400-e29b-41d4-a716-446655440000';
const ID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function parseOk(argv: string[]) {
  const result = parseCliArgs(argv);
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.command;
}

function parseError(argv: string[]): string {
  const result = parseCliArgs(argv);
  if (result.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return result.error;
}

describe('parseCliArgs', () => {
  it.each([
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['help'], { kind: 'help' }],
    [['help', 'plan'], { kind: 'help', topic: 'plan' }],
    [['--version'], { kind: 'version' }],
    [['schema'], { kind: 'schema' }],
    [['schema', '--help'], { kind: 'help', topic: 'schema' }],
    [['apply', '-h', '--yes'], { kind: 'help', topic: 'apply' }],
    [['validate'], { kind: 'validate', files: ['omni-dbt.yml'], json: false }],
    [
      ['validate', 'a.yml', 'b/omni-dbt.yaml', '--json'],
      { kind: 'validate', files: ['a.yml', 'b/omni-dbt.yaml'], json: true },
    ],
  ])('reads %j', (argv, expected) => {
    expect(parseOk(argv)).toEqual(expected);
  });

  it.each(COMMAND_NAMES.map((name) => [name]))('has --help for %s', (name) => {
    expect(parseOk([name, '--help'])).toEqual({ kind: 'help', topic: name });
    expect(COMMAND_HELP[name]).toContain(`omni-dbt ${name}`);
    expect(TOP_LEVEL_HELP).toContain(`  ${name}`);
  });

  it('reads plan with its defaults', () => {
    expect(parseOk(['plan'])).toEqual({
      kind: 'plan',
      failOnChanges: false,
      run: {
        configPath: 'omni-dbt.yml',
        selection: [],
        json: false,
        isUpdatingSecrets: false,
        allowCustomHost: false,
        maxRequestsPerMinute: 60,
      },
    });
  });

  it('reads every plan option, connections split on commas and repeated', () => {
    const command = parseOk([
      'plan',
      '-c',
      'conf/omni.yml',
      '--connections',
      'Production, staging',
      '--connections=third',
      '--json',
      '--omni-url',
      'https://acme.omniapp.co',
      '--allow-custom-host',
      '--max-requests-per-minute',
      '30',
      '--fail-on-changes',
      '--update-secrets',
    ]);
    expect(command).toEqual({
      kind: 'plan',
      failOnChanges: true,
      run: {
        configPath: 'conf/omni.yml',
        selection: ['Production', 'staging', 'third'],
        json: true,
        isUpdatingSecrets: true,
        omniUrl: 'https://acme.omniapp.co',
        allowCustomHost: true,
        maxRequestsPerMinute: 30,
      },
    });
  });

  it('reads apply flags', () => {
    const command = parseOk(['apply', '-y', '--force', '--rotate-keys', '--connections', ID_A]);
    expect(command).toMatchObject({ kind: 'apply', isConfirmed: true, force: true, rotateKeys: true });
    expect(parseOk(['apply'])).toMatchObject({
      kind: 'apply',
      isConfirmed: false,
      force: false,
      rotateKeys: false,
    });
  });

  it('reads import with ids, names (keyed by lower-case id), output and force', () => {
    const command = parseOk([
      'import',
      ID_A.toUpperCase(),
      ID_B,
      '--name',
      `${ID_A.toUpperCase()}=Production`,
      '--name',
      `${ID_B}= Staging `,
      '-o',
      '-',
      '--force',
    ]);
    expect(command).toEqual({
      kind: 'import',
      remote: { allowCustomHost: false, maxRequestsPerMinute: 60 },
      connectionIds: [ID_A.toUpperCase(), ID_B],
      names: { [ID_A]: 'Production', [ID_B]: 'Staging' },
      output: '-',
      force: true,
    });
    expect(parseOk(['import', ID_A])).toMatchObject({ output: 'omni-dbt.yml', force: false, names: {} });
  });

  it.each([
    [[], /A command is needed/],
    [['plna'], /no command "plna"\. Did you mean "plan"\?/],
    [['help', 'aply'], /Did you mean "apply"/],
    [['--json', 'plan'], /Options come after the command/],
    [['plan', '--yes'], /^plan has no option --yes\. It is an option of apply and refresh\.$/],
    [['plan', 'extra'], /plan takes no arguments \(got 1\)/],
    [['plan', '--config'], /^--config needs a value\.$/],
    [
      ['plan', '--config', '--json'],
      /^--config needs a value \(one that starts with "-" is written --config=<value>\)\.$/,
    ],
    [['plan', '--json=yes'], /^--json takes no value\.$/],
    [['plan', '--jsn'], /^plan has no option --jsn\. Did you mean --json\?$/],
    [['apply', '--rotate-key'], /^apply has no option --rotate-key\. Did you mean --rotate-keys\?$/],
    [['plan', '-z'], /^plan has no option -z\.$/],
    [
      ['plan', '--jsn', '--bogus'],
      /^plan has no option --jsn\. Did you mean --json\? plan has no option --bogus\.$/,
    ],
    [['plan', '--max-requests-per-minute', '0'], /from 1 to 6000/],
    [['plan', '--max-requests-per-minute', '6001'], /from 1 to 6000\.$/],
    [['plan', '--max-requests-per-minute', '1.5'], /whole number/],
    [['validate', '--yes'], /^validate has no option --yes\. It is an option of apply and refresh\.$/],
    [
      ['validate', '--config', 'x.yml'],
      /^validate has no option --config\. It is an option of plan, apply, impact, refresh, and exposures\.$/,
    ],
    [['import'], /at least one connection id/],
    [['import', 'not-an-id'], /Argument 1 is not a connection id/],
    [['import', ID_A, ID_A.toUpperCase()], /given twice/],
    [['import', ID_A, '--name', 'Production'], /--name takes <connection-id>=<name>/],
    [['import', ID_A, '--name', `${ID_B}=Staging`], /not being imported/],
    [['import', ID_A, ID_B, '--name', `${ID_A}=X`, '--name', `${ID_B}=X`], /names must be unique/],
    [['import', ID_A, '--output', ''], /--output needs a file path/],
  ])('refuses %j', (argv, message) => {
    expect(parseError(argv)).toMatch(message);
  });

  it.each([
    ['plan', '--api-token', 'TOPSECRET'],
    ['apply', '--api-token=TOPSECRET'],
    ['import', ID_A, '--token=TOPSECRET'],
    ['plan', '--omni-api-token', 'TOPSECRET'],
  ])('explains that tokens do not belong on the command line, without echoing them: %s %s', (...argv) => {
    const error = parseError(argv);
    expect(error).toContain('OMNI_API_TOKEN');
    expect(error).toContain('shell history');
    expect(error).not.toContain('TOPSECRET');
  });

  it('never echoes a stray value that could be a token', () => {
    expect(parseError(['plan', 'TOPSECRET'])).not.toContain('TOPSECRET');
    expect(parseError(['import', 'TOPSECRET'])).not.toContain('TOPSECRET');
    expect(parseError(['plan', '--bogus=TOPSECRET'])).not.toContain('TOPSECRET');
  });

  it("words an unknown option in its own terms, never in Node's parser's", () => {
    for (const argv of [
      ['plan', '--x'],
      ['plan', '--config'],
      ['plan', '--json=1'],
      ['schema', '--y'],
    ]) {
      const error = parseError(argv);
      expect(error).not.toMatch(/positional argument|Unknown option '|argument missing|ambiguous/);
    }
  });

  it('reads "-" as a value (stdout), not as an option', () => {
    expect(parseOk(['import', ID_A, '--output', '-'])).toMatchObject({ output: '-' });
  });

  it('points the help hint at the command that failed', () => {
    const result = parseCliArgs(['apply', '--max-requests-per-minute', 'x']);
    expect(result).toMatchObject({ ok: false, topic: 'apply' });
  });
});

describe('parseCliArgs exposures', () => {
  const run = {
    allowCustomHost: false,
    maxRequestsPerMinute: 60,
    configPath: 'omni-dbt.yml',
    selection: [],
    json: false,
    isUpdatingSecrets: false,
  };

  it.each([
    [['exposures'], { kind: 'exposures', run, isCheck: false, isStdout: false }],
    [['exposures', '--check'], { kind: 'exposures', run, isCheck: true, isStdout: false }],
    [['exposures', '--stdout'], { kind: 'exposures', run, isCheck: false, isStdout: true }],
    [
      [
        'exposures',
        '-c',
        'analytics/omni-dbt.yml',
        '--check',
        '--json',
        '--omni-url',
        'https://acme.omniapp.co',
      ],
      {
        kind: 'exposures',
        run: { ...run, configPath: 'analytics/omni-dbt.yml', json: true, omniUrl: 'https://acme.omniapp.co' },
        isCheck: true,
        isStdout: false,
      },
    ],
    [['exposures', '--help'], { kind: 'help', topic: 'exposures' }],
  ])('reads %j', (argv, expected) => {
    expect(parseOk(argv)).toEqual(expected);
  });

  it.each([
    [['exposures', '--check', '--stdout'], /--check and --stdout do not go together/],
    [['exposures', '--stdout', '--json'], /--stdout and --json do not go together/],
    [
      ['exposures', '--connections', 'x'],
      /^exposures has no option --connections\. It is an option of plan, apply, impact, and refresh\.$/,
    ],
    [['exposures', 'models/x.yml'], /exposures takes no arguments/],
    [['exposure'], /Did you mean "exposures"\?/],
  ])('refuses %j', (argv, message) => {
    expect(parseError(argv)).toMatch(message);
  });
});

describe('splitList', () => {
  it('splits on commas and newlines and drops blanks', () => {
    expect(splitList(['a, b', 'c\n\nd', ' '])).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('CLI_VERSION', () => {
  it('is the version in package.json', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(CLI_VERSION).toBe(packageJson.version);
  });
});
