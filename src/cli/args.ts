// Pure: turns the command line of `omni-dbt` into one typed command, or a usage error (exit 2).
// Error messages never repeat an argument's value: a token pasted by mistake must not be echoed.
import { parseArgs } from 'node:util';
import { suggestKey } from '../core/config/messages.js';
import { CONNECTION_ID_PATTERN, IMPACT_FAIL_ON, type ImpactFailOn } from '../core/config/schema.js';
import { DEFAULT_CONFIG_PATH, parseMaxRequestsPerMinute, splitList } from '../core/options.js';
import { COMMAND_NAMES, type CommandName } from './help.js';

export interface RemoteArgs {
  /** From --omni-url; the caller falls back to OMNI_URL. */
  omniUrl?: string;
  allowCustomHost: boolean;
  maxRequestsPerMinute: number;
}

export interface RunArgs extends RemoteArgs {
  configPath: string;
  selection: string[];
  json: boolean;
  /** --update-secrets: send every `fromEnv` secret again. */
  isUpdatingSecrets: boolean;
}

export type CliCommand =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | { kind: 'validate'; files: string[]; json: boolean }
  | { kind: 'plan'; run: RunArgs; failOnChanges: boolean }
  | { kind: 'apply'; run: RunArgs; isConfirmed: boolean; force: boolean; rotateKeys: boolean }
  | {
      kind: 'import';
      remote: RemoteArgs;
      connectionIds: string[];
      /** Connection id (lower case) → name. */
      names: Record<string, string>;
      output: string;
      force: boolean;
    }
  | {
      kind: 'impact';
      run: RunArgs;
      /** The Omni branch to check against its shared model (--branch). */
      branch: string;
      /** --refresh: refresh the branch's schema first. */
      isRefreshing: boolean;
      /** --base: what git diffs the changes against; default the repository's default branch. */
      base?: string;
    }
  /** `omni-dbt refresh`: the action's `mode: refresh`; it asks first, as apply does (it changes shared models). */
  | { kind: 'refresh'; run: RunArgs; isConfirmed: boolean; failOnImpact: ImpactFailOn }
  | { kind: 'schema' }
  /** `--check`: compare only, exit 1 on a difference; `--stdout`: print the file instead of writing it. */
  | { kind: 'exposures'; run: RunArgs; isCheck: boolean; isStdout: boolean };

export type ParseCliArgsResult =
  | { ok: true; command: CliCommand }
  /** `topic` names the command whose help the message should point to. */
  | { ok: false; error: string; topic?: CommandName };

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

const HELP: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };
const REMOTE: Record<string, OptionSpec> = {
  'omni-url': { type: 'string' },
  'allow-custom-host': { type: 'boolean' },
  'max-requests-per-minute': { type: 'string' },
};
/** What every command that reads the file and asks Omni takes (plan, apply, impact, refresh). */
const SELECT: Record<string, OptionSpec> = {
  ...REMOTE,
  config: { type: 'string', short: 'c' },
  connections: { type: 'string', multiple: true },
  json: { type: 'boolean' },
};
const RUN: Record<string, OptionSpec> = { ...SELECT, 'update-secrets': { type: 'boolean' } };

const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  validate: { ...HELP, json: { type: 'boolean' } },
  plan: { ...HELP, ...RUN, 'fail-on-changes': { type: 'boolean' } },
  apply: {
    ...HELP,
    ...RUN,
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    'rotate-keys': { type: 'boolean' },
  },
  import: {
    ...HELP,
    ...REMOTE,
    output: { type: 'string', short: 'o' },
    name: { type: 'string', multiple: true },
    force: { type: 'boolean' },
  },
  impact: {
    ...HELP,
    ...SELECT,
    branch: { type: 'string', short: 'b' },
    refresh: { type: 'boolean' },
    base: { type: 'string' },
  },
  refresh: {
    ...HELP,
    ...SELECT,
    yes: { type: 'boolean', short: 'y' },
    'fail-on-impact': { type: 'string' },
  },
  schema: { ...HELP },
  exposures: {
    ...HELP,
    ...REMOTE,
    config: { type: 'string', short: 'c' },
    json: { type: 'boolean' },
    check: { type: 'boolean' },
    stdout: { type: 'boolean' },
  },
};

const TOKEN_OPTION = /^--?(api-?token|token|omni-api-token)(=|$)/i;
const TOKEN_ADVICE =
  'There is no token option: a token on the command line leaks into shell history and process lists. ' +
  'Set OMNI_API_TOKEN in the environment instead.';

function isCommandName(word: string): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

function suggestCommand(word: string): string {
  // Command names are short and few: two edits away is still a clear guess.
  const close = suggestKey(word, COMMAND_NAMES, 2);
  return close === undefined ? '' : ` Did you mean "${close}"?`;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

/**
 * What is wrong with one option of `command`, in our words, never quoting its value: an option the
 * command does not have (with the closest it has, or the commands that have it), a value missing, or a
 * value given to a switch.
 */
function checkOption(command: CommandName, token: OptionToken): string[] {
  const spec = OPTIONS[command][token.name];
  if (spec === undefined) {
    const known = Object.keys(OPTIONS[command]);
    const close = token.rawName.startsWith('--') ? suggestKey(token.name, known) : undefined;
    const elsewhere = COMMAND_NAMES.filter((other) => other !== command && OPTIONS[other][token.name]);
    const hint =
      close !== undefined
        ? ` Did you mean --${close}?`
        : elsewhere.length > 0
          ? ` It is an option of ${new Intl.ListFormat('en', { type: 'conjunction' }).format(elsewhere)}.`
          : '';
    return [`${command} has no option ${token.rawName}.${hint}`];
  }
  const option = `--${token.name}`;
  // `--config --json` would otherwise read "--json" as the file; `-` alone is a value (stdout).
  const isOptionTaken = token.value !== undefined && !token.inlineValue && /^-./.test(token.value);
  if (spec.type === 'string' && (token.value === undefined || isOptionTaken)) {
    const dash = token.value === undefined ? '' : ` (one that starts with "-" is written ${option}=<value>)`;
    return [`${option} needs a value${dash}.`];
  }
  if (spec.type === 'boolean' && token.value !== undefined) return [`${option} takes no value.`];
  return [];
}

function readRemote(values: Values): RemoteArgs | { error: string } {
  // The value is not echoed: whatever was pasted there might be a token.
  const rate = parseMaxRequestsPerMinute(
    values['max-requests-per-minute'] as string | undefined,
    '--max-requests-per-minute',
    false,
  );
  if (!rate.ok) return { error: rate.error };
  const omniUrl = values['omni-url'] as string | undefined;
  return {
    ...(omniUrl === undefined ? {} : { omniUrl }),
    allowCustomHost: values['allow-custom-host'] === true,
    maxRequestsPerMinute: rate.value,
  };
}

function readRun(values: Values): RunArgs | { error: string } {
  const remote = readRemote(values);
  if ('error' in remote) return remote;
  const config = values.config as string | undefined;
  if (config !== undefined && config.trim() === '') return { error: '--config needs a file path.' };
  return {
    ...remote,
    configPath: config ?? DEFAULT_CONFIG_PATH,
    selection: splitList((values.connections as string[] | undefined) ?? []),
    json: values.json === true,
    isUpdatingSecrets: values['update-secrets'] === true,
  };
}

function readImport(values: Values, positionals: string[]): CliCommand | { error: string } {
  const remote = readRemote(values);
  if ('error' in remote) return remote;
  if (positionals.length === 0) return { error: 'import needs at least one connection id.' };
  const seen = new Set<string>();
  for (const [index, id] of positionals.entries()) {
    if (!CONNECTION_ID_PATTERN.test(id)) {
      return {
        error: `Argument ${index + 1} is not a connection id: ids are UUIDs such as 550e8400-e29b-41d4-a716-446655440000 (Omni → Settings → Connections).`,
      };
    }
    if (seen.has(id.toLowerCase())) return { error: `Connection id ${id} is given twice.` };
    seen.add(id.toLowerCase());
  }
  const names: Record<string, string> = {};
  const usedNames = new Set<string>();
  for (const entry of (values.name as string[] | undefined) ?? []) {
    const separator = entry.indexOf('=');
    const id = separator < 0 ? '' : entry.slice(0, separator).trim().toLowerCase();
    const name = separator < 0 ? '' : entry.slice(separator + 1).trim();
    if (separator < 0 || name === '')
      return { error: '--name takes <connection-id>=<name>, e.g. --name 550e8400-…=Production.' };
    if (!seen.has(id)) return { error: `--name ${id}=… names a connection that is not being imported.` };
    if (names[id] !== undefined) return { error: `--name is given twice for ${id}.` };
    if (usedNames.has(name))
      return { error: `--name "${name}" is given to two connections; names must be unique.` };
    names[id] = name;
    usedNames.add(name);
  }
  const output = (values.output as string | undefined) ?? DEFAULT_CONFIG_PATH;
  if (output.trim() === '') return { error: '--output needs a file path (or "-" for stdout).' };
  return { kind: 'import', remote, connectionIds: positionals, names, output, force: values.force === true };
}

function readImpact(values: Values): CliCommand | { error: string } {
  const run = readRun(values);
  if ('error' in run) return run;
  const branch = (values.branch as string | undefined)?.trim() ?? '';
  if (branch === '')
    return { error: 'impact needs --branch NAME: the Omni branch to check against its shared model.' };
  const base = values.base as string | undefined;
  if (base !== undefined && base.trim() === '') return { error: '--base needs a git ref, e.g. --base main.' };
  // A ref starting with "-" would be read by git as an option.
  if (base?.startsWith('-'))
    return { error: '--base takes a git ref, not an option: e.g. --base origin/main.' };
  return {
    kind: 'impact',
    run,
    branch,
    isRefreshing: values.refresh === true,
    ...(base === undefined ? {} : { base: base.trim() }),
  };
}

function buildCommand(
  name: CommandName,
  values: Values,
  positionals: string[],
): CliCommand | { error: string } {
  if (name !== 'validate' && name !== 'import' && positionals.length > 0) {
    return {
      error: `${name} takes no arguments (got ${positionals.length}); options start with "--". See omni-dbt ${name} --help.`,
    };
  }
  switch (name) {
    case 'validate':
      return {
        kind: 'validate',
        files: positionals.length > 0 ? positionals : [DEFAULT_CONFIG_PATH],
        json: values.json === true,
      };
    case 'plan': {
      const run = readRun(values);
      return 'error' in run ? run : { kind: 'plan', run, failOnChanges: values['fail-on-changes'] === true };
    }
    case 'apply': {
      const run = readRun(values);
      if ('error' in run) return run;
      return {
        kind: 'apply',
        run,
        isConfirmed: values.yes === true,
        force: values.force === true,
        rotateKeys: values['rotate-keys'] === true,
      };
    }
    case 'import':
      return readImport(values, positionals);
    case 'impact':
      return readImpact(values);
    case 'schema':
      return { kind: 'schema' };
    case 'exposures':
      return readExposures(values);
    case 'refresh':
      return readRefresh(values);
  }
}

function readRefresh(values: Values): CliCommand | { error: string } {
  const run = readRun(values);
  if ('error' in run) return run;
  const raw = (values['fail-on-impact'] as string | undefined)?.trim() ?? 'new';
  const failOnImpact = IMPACT_FAIL_ON.find((option) => option === raw);
  // The value is not echoed, as no option's is.
  if (failOnImpact === undefined) {
    return {
      error: `--fail-on-impact takes ${IMPACT_FAIL_ON.join(', ')}: new fails on issues the refresh brought, any on every issue, none never for issues.`,
    };
  }
  return { kind: 'refresh', run, isConfirmed: values.yes === true, failOnImpact };
}

function readExposures(values: Values): CliCommand | { error: string } {
  const run = readRun(values);
  if ('error' in run) return run;
  const isCheck = values.check === true;
  const isStdout = values.stdout === true;
  if (isCheck && isStdout) {
    return {
      error: '--check and --stdout do not go together: --check compares the file, --stdout prints it.',
    };
  }
  if (isStdout && run.json) {
    return { error: '--stdout and --json do not go together: both write to stdout.' };
  }
  return { kind: 'exposures', run, isCheck, isStdout };
}

/** Reads the arguments after `omni-dbt` (i.e. `process.argv.slice(2)`). */
export function parseCliArgs(argv: string[]): ParseCliArgsResult {
  const tokenOption = argv.find((arg) => TOKEN_OPTION.test(arg));
  if (tokenOption !== undefined) return { ok: false, error: TOKEN_ADVICE };

  const [first, ...rest] = argv;
  if (first === undefined) return { ok: false, error: 'A command is needed.' };
  if (first === '--help' || first === '-h') return { ok: true, command: { kind: 'help' } };
  if (first === '--version' || first === '-v') return { ok: true, command: { kind: 'version' } };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { ok: true, command: { kind: 'help' } };
    if (isCommandName(topic)) return { ok: true, command: { kind: 'help', topic } };
    return { ok: false, error: `There is no command "${topic}".${suggestCommand(topic)}` };
  }
  if (first.startsWith('-')) {
    return { ok: false, error: `Options come after the command, e.g. omni-dbt plan --json.` };
  }
  if (!isCommandName(first)) {
    return { ok: false, error: `There is no command "${first}".${suggestCommand(first)}` };
  }

  // Read leniently, then checked here: Node's own messages speak of positional arguments and ambiguity,
  // and none of ours may quote a value (a token pasted into the wrong option must not be echoed).
  const parsed = parseArgs({
    args: rest,
    options: OPTIONS[first],
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const problems = parsed.tokens.flatMap((token) =>
    token.kind === 'option' ? checkOption(first, token) : [],
  );
  if (problems.length > 0) return { ok: false, error: problems.join(' '), topic: first };
  if (parsed.values.help === true) return { ok: true, command: { kind: 'help', topic: first } };
  const command = buildCommand(first, parsed.values, parsed.positionals);
  if ('error' in command) return { ok: false, error: command.error, topic: first };
  return { ok: true, command };
}
