// The commands of `omni-dbt`: each reads what it needs through CliIo, runs the action's core and returns
// the exit status (0 ok, 1 failure as the action defines it, 2 usage error). Effects are all in CliIo.
import path from 'node:path';
import { buildConfigJsonSchema } from '../core/config/json-schema.js';
import { loadConfig } from '../core/config/load.js';
import type { ConfigIssue } from '../core/config/types.js';
import type { ExposuresFileAccess } from '../core/exposures-file.js';
import type { OmniClient } from '../core/omni/client.js';
import { hintForError } from '../core/omni/errors.js';
import type { RunWait } from '../core/omni/run-client.js';
import { checkApiToken } from '../core/omni/token.js';
import { resolveOmniBaseUrl } from '../core/omni/url.js';
import type { ImpactFailOn } from '../core/plan/impact.js';
import { selectConnections } from '../core/plan/select.js';
import { plural } from '../core/plural.js';
import { describeReadError } from '../core/read-config.js';
import { buildResultOutput, joinErrorAndHint, summariseOutcome } from '../core/report/outcome.js';
import type { ExposuresRunContext } from '../core/run/exposures.js';
import { listRefreshable } from '../core/run/not-planned.js';
import { executeRun } from '../core/run/run.js';
import type { Mode, RunReport } from '../core/run/types.js';
import { createRedactor, type Redactor } from '../core/secrets.js';
import { CLI_TERMS, describeCliTerms, type FrontEndTerms } from '../core/terms.js';
import { type CliCommand, parseCliArgs, type RemoteArgs, type RunArgs } from './args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit.js';
import { COMMAND_HELP, TOP_LEVEL_HELP } from './help.js';
import type { GitResult, ImpactCommand } from './impact.js';
import type { ImportEntry } from './import.js';
import {
  ANSI_PALETTE,
  escapeStyledTerminalText,
  escapeTerminalText,
  isColorWanted,
  type Palette,
  PLAIN_PALETTE,
  renderIssueLines,
  renderTerminalReport,
} from './render-terminal.js';
import { createWaitProgress, type WaitProgress } from './wait-progress.js';

export interface CliClientSettings {
  apiBaseUrl: string;
  token: string;
  /** The run's redactor, the one every byte the CLI writes goes through. */
  redactor: Redactor;
  signal: AbortSignal;
  maxRequestsPerMinute: number;
  onRetry: (message: string) => void;
  /** Every wait as it starts (the client's onWait), for the progress line at a terminal. */
  onWait: (wait: RunWait) => void;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  /** Relative paths in arguments are resolved against this directory, and shown as given. */
  cwd: string;
  stdout: { write(text: string): void; isTTY: boolean };
  /** At a terminal (`isTTY`), long waits get a progress line here. */
  stderr: { write(text: string): void; isTTY?: boolean };
  /** The clock and timer of the progress line; the real ones when absent. */
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => { cancel(): void };
  isStdinTTY: boolean;
  /**
   * Reads a config file as readConfigFile does (a regular file of at most 1 MiB); rejects with the system
   * error (code ENOENT for a missing file) or a ConfigRefusedError. Paths outside `cwd` are read: at a
   * terminal the user names the file and could read it anyway (the action refuses them).
   */
  readTextFile(absolutePath: string): Promise<string>;
  /** Without `isOverwriteAllowed`, rejects with code EEXIST when the file exists. */
  writeTextFile(absolutePath: string, text: string, options: { isOverwriteAllowed: boolean }): Promise<void>;
  fileExists(absolutePath: string): Promise<boolean>;
  /** The dbt exposures file of `workspace` (createWorkspaceExposuresFiles: no symbolic link on its way). */
  openExposuresFiles(workspace: string): ExposuresFileAccess;
  /** Asks on the terminal; true only when the answer is "yes". */
  confirm(question: string): Promise<boolean>;
  /** The client, or a promise of it (the real one is loaded only when a command asks Omni). */
  createClient(settings: CliClientSettings): OmniClient | Promise<OmniClient>;
  /** Runs git in `cwd` (for `impact`'s changed files); resolves with why when git fails or is not there. */
  runGit(args: string[]): Promise<GitResult>;
  /** Aborted on Ctrl-C: no new request starts, the rest end `skipped`. */
  stop: AbortController;
  version: string;
}

export type Output = {
  out(text: string): void;
  err(text: string): void;
  /** Text rendered with ANSI_PALETTE: its colours are kept, every other control is escaped. */
  outStyled(text: string): void;
  errStyled(text: string): void;
  /** The run's redactor: the token now, each secret `fromEnv` value once the run reads it. */
  redactor: Redactor;
};

/**
 * Every byte written goes through here: redacted (so no secret can reach the terminal even by accident),
 * then escaped (so no control character from outside can drive it).
 */
function createOutput(io: CliIo): Output {
  const redactor = createRedactor();
  redactor.add(io.env.OMNI_API_TOKEN ?? '');
  const redact = (text: string) => redactor.redact(text);
  return {
    out: (text) => io.stdout.write(escapeTerminalText(redact(text))),
    err: (text) => io.stderr.write(escapeTerminalText(redact(text))),
    outStyled: (text) => io.stdout.write(escapeStyledTerminalText(redact(text))),
    errStyled: (text) => io.stderr.write(escapeStyledTerminalText(redact(text))),
    redactor,
  };
}

/** Where to send, with what, and the run's terms (`--omni-url` when the flag gave the URL). */
type Remote = {
  apiBaseUrl: string;
  instanceUrl: string;
  omniUrl: string;
  token: string;
  terms: FrontEndTerms;
};

/** OMNI_URL (or --omni-url) and OMNI_API_TOKEN, checked before anything is read or sent. */
function resolveRemote(io: CliIo, args: RemoteArgs): Remote | { error: string } {
  const token = io.env.OMNI_API_TOKEN ?? '';
  if (token.trim() === '') {
    return {
      error:
        'OMNI_API_TOKEN is not set. Export an Omni organization API key or personal access token with ' +
        'Connection Admin, e.g. `read -rs OMNI_API_TOKEN && export OMNI_API_TOKEN`. There is no token option: ' +
        'tokens on the command line leak into shell history and process lists.',
    };
  }
  const tokenProblem = checkApiToken(token);
  if (tokenProblem !== undefined) return { error: `OMNI_API_TOKEN ${tokenProblem}.` };
  const omniUrl = args.omniUrl ?? io.env.OMNI_URL ?? '';
  if (omniUrl.trim() === '') {
    return {
      error: 'OMNI_URL is not set. Export it (e.g. OMNI_URL=https://acme.omniapp.co) or pass --omni-url.',
    };
  }
  const terms = describeCliTerms({
    isOmniUrlFromFlag: args.omniUrl !== undefined,
  });
  const base = resolveOmniBaseUrl(omniUrl, {
    allowCustomHost: args.allowCustomHost,
    terms,
  });
  if (!base.ok) return { error: base.error };
  return {
    apiBaseUrl: base.apiBaseUrl,
    instanceUrl: base.instanceUrl,
    omniUrl,
    token: token.trim(),
    terms,
  };
}

function printIssues(output: Output, issues: ConfigIssue[]): void {
  const lines = renderIssueLines({ issues });
  if (lines.length > 0) output.err(`${lines.join('\n')}\n`);
}

async function runValidate(io: CliIo, output: Output, files: string[], isJson: boolean): Promise<number> {
  let isEveryFileValid = true;
  const results: {
    file: string;
    isValid: boolean;
    issues: ConfigIssue[];
    error?: string;
  }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await io.readTextFile(path.resolve(io.cwd, file));
    } catch (error) {
      const message = describeReadError(error, file, CLI_TERMS);
      // With --json the message is in the JSON on stdout; printing it on stderr too showed it twice.
      if (!isJson) output.err(`${message}\n`);
      results.push({ file, isValid: false, issues: [], error: message });
      isEveryFileValid = false;
      continue;
    }
    const loaded = loadConfig(text, file);
    const issues = loaded.ok ? loaded.warnings : loaded.issues;
    if (!isJson) printIssues(output, issues);
    results.push({ file, isValid: loaded.ok, issues });
    const warnings = issues.filter((issue) => issue.severity === 'warning').length;
    const warningNote = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
    if (loaded.ok) {
      if (!isJson)
        output.out(
          `${file} is valid: ${plural(loaded.config.connections.length, 'connection')}${warningNote}.\n`,
        );
    } else {
      isEveryFileValid = false;
      const errors = issues.length - warnings;
      if (!isJson)
        output.err(`${file}: ${plural(errors, 'error')}${warningNote}; nothing would be sent to Omni.\n`);
    }
  }
  if (isJson) output.out(`${JSON.stringify({ files: results })}\n`);
  return isEveryFileValid ? EXIT_OK : EXIT_FAILURE;
}

interface RunPlan {
  args: RunArgs;
  remote: Remote;
  configText: string;
  force: boolean;
  rotateKeys: boolean;
  failOnChanges: boolean;
}

/** The real timer of the progress line: unref'd, so it never keeps the process alive. */
function setRealTimer(callback: () => void, ms: number): { cancel(): void } {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}

/** The progress line of long waits, at a terminal only (README, "Command line"); a no-op elsewhere. */
function startWaitProgress(io: CliIo, output: Output): WaitProgress {
  if (io.stderr.isTTY !== true) return { noteWait: () => undefined, stop: () => undefined };
  return createWaitProgress({
    write: (line) => output.err(`${line}\n`),
    now: io.now ?? Date.now,
    setTimer: io.setTimer ?? setRealTimer,
  });
}

/** What every CLI client adds to the core's settings: its pace, and retries and long waits on stderr. */
function cliClientHooks(
  output: Output,
  progress: WaitProgress,
  maxRequestsPerMinute: number,
): Pick<CliClientSettings, 'maxRequestsPerMinute' | 'onRetry' | 'onWait'> {
  return {
    maxRequestsPerMinute,
    onRetry: (message) => output.err(`retrying: ${message}\n`),
    onWait: (wait) => progress.noteWait(wait),
  };
}

/** The client of a command that talks to Omni outside executeRun (import, impact), with its progress line. */
async function connect(
  io: CliIo,
  output: Output,
  remote: Remote,
  maxRequestsPerMinute: number,
): Promise<{ client: OmniClient; progress: WaitProgress }> {
  const progress = startWaitProgress(io, output);
  const client = await io.createClient({
    apiBaseUrl: remote.apiBaseUrl,
    token: remote.token,
    redactor: output.redactor,
    signal: io.stop.signal,
    ...cliClientHooks(output, progress, maxRequestsPerMinute),
  });
  return { client, progress };
}

async function executeCliRun(
  io: CliIo,
  output: Output,
  plan: RunPlan,
  mode: Mode,
  exposures?: ExposuresRunContext,
  failOnImpact?: ImpactFailOn,
): Promise<RunReport> {
  const progress = startWaitProgress(io, output);
  return executeRun({
    configPath: plan.args.configPath,
    configText: plan.configText,
    mode,
    omniUrl: plan.remote.omniUrl,
    apiToken: plan.remote.token,
    allowCustomHost: plan.args.allowCustomHost,
    selection: plan.args.selection,
    force: plan.force,
    rotateKeys: plan.rotateKeys,
    failOnChanges: plan.failOnChanges,
    isUpdatingSecrets: plan.args.isUpdatingSecrets,
    stepEnv: io.env,
    redactor: output.redactor,
    terms: plan.remote.terms,
    stop: io.stop,
    ...(exposures === undefined ? {} : { exposures }),
    ...(failOnImpact === undefined ? {} : { failOnImpact }),
    // A schema refresh's start and its long waits, on stderr as retries are.
    onProgress: (message) => output.err(`${message}\n`),
    createClient: (settings) =>
      io.createClient({
        ...settings,
        ...cliClientHooks(output, progress, plan.args.maxRequestsPerMinute),
      }),
  }).finally(() => progress.stop());
}

async function prepareRun(
  io: CliIo,
  output: Output,
  args: RunArgs,
  extra: Pick<RunPlan, 'force' | 'rotateKeys' | 'failOnChanges'>,
): Promise<RunPlan | number> {
  const remote = resolveRemote(io, args);
  if ('error' in remote) {
    output.err(`omni-dbt: ${remote.error}\n`);
    return EXIT_USAGE;
  }
  try {
    const configText = await io.readTextFile(path.resolve(io.cwd, args.configPath));
    return { args, remote, configText, ...extra };
  } catch (error) {
    output.err(`omni-dbt: ${describeReadError(error, args.configPath, CLI_TERMS)}\n`);
    return EXIT_FAILURE;
  }
}

function paletteFor(io: CliIo, isForStdout: boolean) {
  return isColorWanted(isForStdout && io.stdout.isTTY, io.env) ? ANSI_PALETTE : PLAIN_PALETTE;
}

interface PrintReportOptions {
  isIssuesShown?: boolean;
  /** The command's own rendering of the report (default: the plan's, renderTerminalReport). */
  render?: (report: RunReport, palette: Palette) => string;
  /** With `exposures --stdout` the file is on stdout: the report goes to stderr. */
  isReportOnStderr?: boolean;
}

/**
 * Prints a finished run: issues to stderr; the report to stdout (or stderr), or the `result` JSON with
 * --json; returns the exit status, 1 when it fails as the action's check would.
 */
function printReport(
  io: CliIo,
  output: Output,
  report: RunReport,
  isJson: boolean,
  { isIssuesShown = true, render = renderTerminalReport, isReportOnStderr = false }: PrintReportOptions = {},
): number {
  if (isIssuesShown) printIssues(output, report.issues);
  const outcome = summariseOutcome(report);
  if (isJson) {
    output.out(`${buildResultOutput(report)}\n`);
    if (outcome.isFailure) output.err(`${outcome.headline}\n`);
  } else {
    const text = render(report, paletteFor(io, !isReportOnStderr));
    if (isReportOnStderr) output.errStyled(text);
    else output.outStyled(text);
  }
  return outcome.isFailure ? EXIT_FAILURE : EXIT_OK;
}

async function runPlan(io: CliIo, output: Output, args: RunArgs, failOnChanges: boolean): Promise<number> {
  const plan = await prepareRun(io, output, args, {
    force: false,
    rotateKeys: false,
    failOnChanges,
  });
  if (typeof plan === 'number') return plan;
  const report = await executeCliRun(io, output, plan, 'dry-run');
  return printReport(io, output, report, args.json);
}

/** Asks `question` on the terminal; anything but "yes" cancels, and `cancelled` says so. */
async function confirmOrCancel(
  io: CliIo,
  output: Output,
  question: string,
  cancelled: string,
): Promise<boolean> {
  const isYes = await io.confirm(`\n${question} Only "yes" is accepted: `);
  if (!isYes) output.err(`${cancelled}\n`);
  return isYes;
}

async function runApply(
  io: CliIo,
  output: Output,
  command: Extract<CliCommand, { kind: 'apply' }>,
): Promise<number> {
  if (!command.isConfirmed && !io.isStdinTTY) {
    output.err(
      'omni-dbt: apply asks for confirmation, and stdin is not a terminal. Pass --yes to apply without asking.\n',
    );
    return EXIT_USAGE;
  }
  const plan = await prepareRun(io, output, command.run, {
    force: command.force,
    rotateKeys: command.rotateKeys,
    failOnChanges: false,
  });
  if (typeof plan === 'number') return plan;

  let isIssuesShown = true;
  if (!command.isConfirmed) {
    const preview = await executeCliRun(io, output, plan, 'dry-run');
    printIssues(output, preview.issues);
    isIssuesShown = false;
    const previewText = renderTerminalReport(preview, paletteFor(io, !command.run.json));
    if (command.run.json) output.errStyled(previewText);
    else output.outStyled(previewText);
    if (summariseOutcome(preview).isFailure) return EXIT_FAILURE;
    const pending = preview.connections.filter((connection) => connection.status === 'planned').length;
    if (pending === 0) {
      if (command.run.json) output.out(`${buildResultOutput({ ...preview, mode: 'apply' })}\n`);
      return EXIT_OK;
    }
    const host = escapeTerminalText(new URL(plan.remote.apiBaseUrl).host);
    const question = `Apply to ${plural(pending, 'connection')} on ${host}?`;
    if (!(await confirmOrCancel(io, output, question, 'Apply cancelled; nothing was changed.'))) {
      return EXIT_FAILURE;
    }
  }
  const report = await executeCliRun(io, output, plan, 'apply');
  return printReport(io, output, report, command.run.json, { isIssuesShown });
}

/**
 * What `omni-dbt refresh` would refresh, for its question: each selected connection that lists omniModels,
 * with its models (the first is refreshed). Undefined when the run would refresh nothing (an invalid file,
 * a bad selection, no omniModels): the run then says why, sending nothing, and there is nothing to ask.
 */
function describeRefreshTargets(plan: RunPlan): string[] | undefined {
  const loaded = loadConfig(plan.configText, plan.args.configPath);
  if (!loaded.ok) return undefined;
  const selected = selectConnections(loaded.config.connections, plan.args.selection, plan.remote.terms);
  if (!selected.ok) return undefined;
  const targets = listRefreshable(selected.connections).map((connection) => {
    const [first, ...others] = connection.omniModels ?? [];
    const who =
      connection.name === undefined
        ? connection.connectionId
        : `${connection.name} (${connection.connectionId})`;
    const also = others.length === 0 ? '' : `, then validates ${others.join(', ')} with it`;
    return `  ${who}: refreshes the schema of shared model ${first}${also}`;
  });
  return targets.length === 0 ? undefined : targets;
}

/** `omni-dbt refresh`: the action's `mode: refresh`; it asks first, as apply does, for it changes shared models. */
async function runRefreshCommand(
  io: CliIo,
  output: Output,
  command: Extract<CliCommand, { kind: 'refresh' }>,
): Promise<number> {
  if (!command.isConfirmed && !io.isStdinTTY) {
    output.err(
      'omni-dbt: refresh asks for confirmation (it changes shared models in Omni), and stdin is not a terminal. Pass --yes to refresh without asking.\n',
    );
    return EXIT_USAGE;
  }
  const plan = await prepareRun(io, output, command.run, {
    force: false,
    rotateKeys: false,
    failOnChanges: false,
  });
  if (typeof plan === 'number') return plan;
  const targets = command.isConfirmed ? undefined : describeRefreshTargets(plan);
  if (targets !== undefined) {
    const host = new URL(plan.remote.apiBaseUrl).host;
    const say = command.run.json ? output.err : output.out;
    say(`omni-dbt refresh of ${plan.args.configPath} on ${host}:\n${targets.join('\n')}\n`);
    const question = `Refresh ${plural(targets.length, 'schema')}? Everyone in Omni sees the refreshed shared models.`;
    if (!(await confirmOrCancel(io, output, question, 'Refresh cancelled; nothing was refreshed.'))) {
      return EXIT_FAILURE;
    }
  }
  const report = await executeCliRun(io, output, plan, 'refresh', undefined, command.failOnImpact);
  return printReport(io, output, report, command.run.json);
}

/** `omni-dbt exposures`: the action's `mode: exposures`, with the current directory as the workspace. */
async function runExposures(
  io: CliIo,
  output: Output,
  command: Extract<CliCommand, { kind: 'exposures' }>,
): Promise<number> {
  const plan = await prepareRun(io, output, command.run, {
    force: false,
    rotateKeys: false,
    failOnChanges: command.isCheck,
  });
  if (typeof plan === 'number') return plan;
  const context: ExposuresRunContext = {
    intent: command.isStdout ? 'print' : command.isCheck ? 'check' : 'write',
    files: io.openExposuresFiles(io.cwd),
    print: (text) => output.out(text),
  };
  const report = await executeCliRun(io, output, plan, 'exposures', context);
  // A command's own module is loaded when it runs, as import's and impact's are.
  const { renderExposuresTerminalReport } = await import('./exposures.js');
  return printReport(io, output, report, command.run.json, {
    render: renderExposuresTerminalReport,
    // stdout holds the file: the report goes to stderr.
    isReportOnStderr: command.isStdout,
  });
}

async function readLiveConfigs(
  client: OmniClient,
  connectionIds: string[],
  names: Record<string, string>,
  terms: FrontEndTerms,
): Promise<{ entries: ImportEntry[]; errors: string[] }> {
  const results = await Promise.all(
    connectionIds.map(async (connectionId) => {
      const name = names[connectionId.toLowerCase()];
      try {
        const live = await client.getDbtConfig(connectionId);
        // Without dbt there are no environments to read (Omni answers 404); the import refuses it anyway.
        const [environments, schedules] = live.isConfigured
          ? await Promise.all([client.listEnvironments(connectionId), client.listSchedules(connectionId)])
          : [undefined, undefined];
        const entry: ImportEntry = {
          connectionId,
          ...(name === undefined ? {} : { name }),
          live,
          ...(environments === undefined ? {} : { environments }),
          ...(schedules === undefined ? {} : { schedules }),
        };
        return { entry };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          error: `${connectionId}: ${joinErrorAndHint(message, hintForError(error, terms))}`,
        };
      }
    }),
  );
  const entries: ImportEntry[] = [];
  const errors: string[] = [];
  for (const result of results) {
    if (result.entry !== undefined) entries.push(result.entry);
    else if (result.error !== undefined) errors.push(result.error);
  }
  return { entries, errors };
}

async function runImport(
  io: CliIo,
  output: Output,
  command: Extract<CliCommand, { kind: 'import' }>,
): Promise<number> {
  const remote = resolveRemote(io, command.remote);
  if ('error' in remote) {
    output.err(`omni-dbt: ${remote.error}\n`);
    return EXIT_USAGE;
  }
  const isStdout = command.output === '-';
  const target = path.resolve(io.cwd, command.output);
  if (!isStdout && !command.force && (await io.fileExists(target))) {
    output.err(
      `omni-dbt: ${command.output} exists already. Pass --force to overwrite it, or --output another file.\n`,
    );
    return EXIT_FAILURE;
  }

  const { client, progress } = await connect(io, output, remote, command.remote.maxRequestsPerMinute);
  const { entries, errors } = await readLiveConfigs(
    client,
    command.connectionIds,
    command.names,
    remote.terms,
  ).finally(() => progress.stop());
  // A command's own module is loaded when it runs: `validate`, the pre-commit hook, loads none of them.
  const { buildImportDocument } = await import('./import.js');
  const built =
    errors.length > 0 ? { ok: false as const, errors } : buildImportDocument(entries, command.output);
  if (!built.ok) {
    output.err(`${built.errors.join('\n')}\nNothing was written.\n`);
    return EXIT_FAILURE;
  }
  for (const warning of built.warnings) output.err(`warning: ${warning}\n`);

  if (isStdout) {
    output.out(built.yaml);
    return EXIT_OK;
  }
  try {
    await io.writeTextFile(target, built.yaml, {
      isOverwriteAllowed: command.force,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' ? 'it exists already (pass --force to overwrite it)' : (code ?? String(error));
    output.err(`omni-dbt: could not write ${command.output}: ${why}.\n`);
    return EXIT_FAILURE;
  }
  const configNote = command.output === 'omni-dbt.yml' ? '' : ` --config ${command.output}`;
  const environmentCount = entries.reduce(
    (sum, entry) => sum + (entry.environments ?? []).filter((e) => e.ownerId === null).length,
    0,
  );
  const scheduleCount = built.scheduleCount;
  const parts = [
    ...(environmentCount > 0 ? [plural(environmentCount, 'shared environment')] : []),
    ...(scheduleCount > 0 ? [plural(scheduleCount, 'schema refresh schedule')] : []),
  ];
  const environmentNote = parts.length === 0 ? '' : ` and ${parts.join(' and ')}`;
  output.out(
    `Wrote ${command.output} with ${plural(entries.length, 'connection')}${environmentNote}. ` +
      `\`omni-dbt plan${configNote}\` should now report ${entries.length === 1 ? 'it' : 'each'} unchanged.\n`,
  );
  return EXIT_OK;
}

/** `omni-dbt impact` (impact.ts), given the file, the remote, the client and the output of the other commands. */
async function runImpact(io: CliIo, output: Output, command: ImpactCommand): Promise<number> {
  const plan = await prepareRun(io, output, command.run, {
    force: false,
    rotateKeys: false,
    failOnChanges: false,
  });
  if (typeof plan === 'number') return plan;
  const { remote } = plan;
  const { client, progress } = await connect(io, output, remote, command.run.maxRequestsPerMinute);
  const { runImpactCommand } = await import('./impact.js');
  return runImpactCommand(command, {
    configText: plan.configText,
    terms: remote.terms,
    runGit: (args) => io.runGit(args),
    client,
    instanceUrl: remote.instanceUrl,
    stop: io.stop,
    out: output.out,
    err: output.err,
    outStyled: output.outStyled,
    palette: paletteFor(io, !command.run.json),
  }).finally(() => progress.stop());
}

/** Runs one command line (the arguments after `omni-dbt`) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const output = createOutput(io);
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    const helpCommand = parsed.topic === undefined ? 'omni-dbt --help' : `omni-dbt ${parsed.topic} --help`;
    output.err(`omni-dbt: ${parsed.error}\n`);
    if (!parsed.error.includes('--help')) output.err(`Run ${helpCommand} for usage.\n`);
    return EXIT_USAGE;
  }
  try {
    return await runCommand(io, output, parsed.command);
  } catch (error) {
    // A bug, not a user error: said through the output like everything else, so redacted and escaped.
    output.err(`omni-dbt failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

function runCommand(io: CliIo, output: Output, command: CliCommand): Promise<number> | number {
  switch (command.kind) {
    case 'help':
      output.out(command.topic === undefined ? TOP_LEVEL_HELP : COMMAND_HELP[command.topic]);
      return EXIT_OK;
    case 'version':
      output.out(`${io.version}\n`);
      return EXIT_OK;
    case 'schema':
      output.out(`${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`);
      return EXIT_OK;
    case 'validate':
      return runValidate(io, output, command.files, command.json);
    case 'plan':
      return runPlan(io, output, command.run, command.failOnChanges);
    case 'apply':
      return runApply(io, output, command);
    case 'import':
      return runImport(io, output, command);
    case 'impact':
      return runImpact(io, output, command);
    case 'exposures':
      return runExposures(io, output, command);
    case 'refresh':
      return runRefreshCommand(io, output, command);
  }
}
