// `omni-dbt impact --branch NAME` (README, "Impact on Omni"): the preview's impact check from a terminal, for
// each selected connection whose preview block names an omniModel: the branch against its shared model,
// refreshed first with --refresh, the dashboards at risk from the dbt models changed since --base (git, an
// effect of CliIo). Exits 1 on a new issue, as `failOn: new`.
import { loadConfig } from '../core/config/load.js';
import { REFRESH_TIMEOUT_MINUTES } from '../core/config/schema.js';
import type { ConnectionConfig, ImpactConfig } from '../core/config/types.js';
import type { OmniClient } from '../core/omni/client.js';
import type { ChangedFile } from '../core/plan/impact.js';
import { selectConnections } from '../core/plan/select.js';
import { plural } from '../core/plural.js';
import { buildImpactOutput } from '../core/report/outcome.js';
import { describeError } from '../core/run/connection.js';
import { createRunStop } from '../core/run/connections.js';
import {
  type ChangedFilesRead,
  checkImpact,
  ImpactCheckError,
  type ImpactResult,
  REAL_CLOCK,
} from '../core/run/impact.js';
import type { FrontEndTerms } from '../core/terms.js';
import type { CliCommand } from './args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit.js';
import { escapeTerminalText, type Palette, renderImpactLines, renderIssueLines } from './render-terminal.js';

/** What `git` answered: its standard output, or why it failed (not a checkout, no such ref, no git at all). */
export type GitResult = { ok: true; stdout: string } | { ok: false; error: string };

export type ImpactCommand = Extract<CliCommand, { kind: 'impact' }>;

/** The effects the command uses, of CliIo and of the CLI's output (main.ts). */
export interface ImpactEffects {
  /** The config file's text, read by main.ts before the client was made. */
  configText: string;
  /** The run's terms (`--omni-url` when the flag gave the URL). */
  terms: FrontEndTerms;
  runGit(args: string[]): Promise<GitResult>;
  /** The run's Omni client, created by main.ts with the CLI's redactor and budget. */
  client: OmniClient;
  /** The Omni instance's address (without `/api`), where documents are linked. */
  instanceUrl: string;
  stop: AbortController;
  out(text: string): void;
  err(text: string): void;
  outStyled(text: string): void;
  palette: Palette;
}

/** One connection's line of the command's outcome. */
export interface ImpactCommandResult {
  connectionId: string;
  name?: string;
  status: 'checked' | 'failed' | 'skipped';
  error?: string;
  hint?: string;
  warnings: string[];
  impact?: ImpactResult;
}

const GIT_STATUS: Record<string, ChangedFile['status']> = {
  A: 'added',
  C: 'copied',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  T: 'changed',
  U: 'changed',
};

/**
 * The changed files of `git diff --name-status -z`: NUL-separated status and path, two paths (old, new) for
 * a rename or a copy. With -z git quotes no path, so any file name reads as it is.
 */
export function parseGitNameStatus(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let index = 0; index < fields.length; ) {
    const code = fields[index] ?? '';
    index += 1;
    if (code === '') continue;
    const status = GIT_STATUS[code[0] ?? ''] ?? 'changed';
    if (status === 'renamed' || status === 'copied') {
      const previous = fields[index] ?? '';
      const filename = fields[index + 1] ?? '';
      index += 2;
      files.push({ filename, status, ...(status === 'renamed' ? { previous_filename: previous } : {}) });
    } else {
      files.push({ filename: fields[index] ?? '', status });
      index += 1;
    }
  }
  return files.filter((file) => file.filename !== '');
}

/**
 * What the changes are counted from: --base as given, else the remote's default branch (`origin/HEAD`, as a
 * clone sets it), else `main`. `name` is what the verdict says ("already broken on main").
 */
export async function findBase(
  runGit: ImpactEffects['runGit'],
  base: string | undefined,
): Promise<{ ref: string; name: string }> {
  if (base !== undefined) return { ref: base, name: base.replace(/^origin\//, '') };
  const remoteHead = await runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const ref = remoteHead.ok ? remoteHead.stdout.trim() : '';
  return ref === '' ? { ref: 'main', name: 'main' } : { ref, name: ref.replace(/^origin\//, '') };
}

/** The files changed on this checkout's HEAD since it left `ref`, or why git could not say. */
async function readGitChanges(runGit: ImpactEffects['runGit'], ref: string): Promise<ChangedFilesRead> {
  const diff = await runGit(['diff', '--name-status', '-z', '-M', '--no-color', `${ref}...HEAD`, '--']);
  if (!diff.ok) {
    return {
      ok: false,
      reason: `\`git diff ${ref}...HEAD\` could not list the changed files (${diff.error})`,
    };
  }
  return { ok: true, files: parseGitNameStatus(diff.stdout) };
}

/** The preview block's impact settings for a terminal: its scope and timeout, refreshed only with --refresh. */
function readImpactConfig(connection: ConnectionConfig, isRefreshing: boolean): ImpactConfig {
  const impact = connection.preview?.impact;
  return {
    isRefreshing,
    // At a terminal the exit follows new issues alone, whatever the file's failOn (README, "omni-dbt impact").
    failOn: 'new',
    folders: impact?.folders ?? [],
    labels: impact?.labels ?? [],
    refreshTimeoutMinutes: impact?.refreshTimeoutMinutes ?? REFRESH_TIMEOUT_MINUTES.default,
  };
}

async function checkConnection(
  connection: ConnectionConfig,
  command: ImpactCommand,
  effects: ImpactEffects,
  shared: {
    client: OmniClient;
    base: { ref: string; name: string };
    readChangedFiles: () => Promise<ChangedFilesRead>;
    runStop: ReturnType<typeof createRunStop>;
  },
): Promise<ImpactCommandResult> {
  const modelId = connection.preview?.omniModel ?? '';
  const result: ImpactCommandResult = {
    connectionId: connection.connectionId,
    ...(connection.name === undefined ? {} : { name: connection.name }),
    status: 'skipped',
    warnings: [],
  };
  const { signal } = effects.stop;
  if (signal.aborted) return { ...result, error: shared.runStop.describeSkip() };
  const fail = (error: unknown, what: string): ImpactCommandResult => {
    const isStopped = shared.runStop.reportFailure(error) || signal.aborted;
    const described = describeError(error, effects.terms, what);
    return {
      ...result,
      status: isStopped && !(error instanceof ImpactCheckError) ? 'skipped' : 'failed',
      ...(described.error === undefined ? {} : { error: described.error }),
      ...(described.hint === undefined ? {} : { hint: described.hint }),
    };
  };
  let branch: Awaited<ReturnType<typeof shared.client.findBranch>>;
  try {
    branch = await shared.client.findBranch(modelId, command.branch);
  } catch (error) {
    return fail(error, `Looking up the branch "${command.branch}" of model ${modelId} failed.`);
  }
  if (branch === undefined) {
    return {
      ...result,
      status: 'failed',
      error: `Omni has no branch "${command.branch}" of model ${modelId}.`,
      hint: 'Check the name with the model’s branches in Omni (names are case-sensitive), or the preview block’s omniModel in the config file.',
    };
  }
  const who = connection.name ?? connection.connectionId;
  const checked = await checkImpact({
    client: shared.client,
    modelId,
    branch: { id: branch.id, name: branch.name },
    config: readImpactConfig(connection, command.isRefreshing),
    baseName: shared.base.name,
    projectRootPath: connection.body.projectRootPath,
    readChangedFiles: shared.readChangedFiles,
    instanceUrl: effects.instanceUrl,
    clock: REAL_CLOCK,
    signal,
    onProgress: (message) => effects.err(`${who}: ${message}\n`),
    reportFailure: (error) => shared.runStop.reportFailure(error),
  });
  if (!checked.ok) {
    return { ...fail(checked.error, checked.what), warnings: checked.warnings };
  }
  return { ...result, status: 'checked', warnings: checked.warnings, impact: checked.impact };
}

/** The command's JSON: one entry per selected connection with an omniModel. */
export function buildImpactCommandOutput(
  command: ImpactCommand,
  base: { ref: string },
  results: readonly ImpactCommandResult[],
): string {
  return JSON.stringify({
    mode: 'impact',
    branch: command.branch,
    base: base.ref,
    connections: results.map((result) => ({
      id: result.connectionId,
      name: result.name ?? null,
      status: result.status,
      error: result.error ?? null,
      impact: result.impact === undefined ? null : buildImpactOutput(result.impact),
    })),
  });
}

/** One connection's impact as terminal lines, every outside value escaped. */
function renderConnectionImpact(result: ImpactCommandResult, palette: Palette): string[] {
  const who =
    result.name === undefined
      ? escapeTerminalText(result.connectionId)
      : `${escapeTerminalText(result.name)} (${escapeTerminalText(result.connectionId)})`;
  const lines = [`  ${palette.bold(who)}`];
  for (const warning of result.warnings)
    lines.push(`      ${palette.yellow('warning:')} ${escapeTerminalText(warning)}`);
  if (result.impact === undefined) {
    const label = result.status === 'skipped' ? palette.dim('skipped:') : palette.red('error:');
    lines.push(`      ${label} ${escapeTerminalText(result.error ?? 'the check did not run')}`);
    if (result.hint !== undefined)
      lines.push(`      ${palette.bold('hint:')} ${escapeTerminalText(result.hint)}`);
    return lines;
  }
  lines.push(...renderImpactLines(result.impact, palette));
  return lines;
}

/** The whole report: a heading, each connection, and a closing count. */
export function renderImpactTerminal(
  command: ImpactCommand,
  base: { ref: string },
  results: readonly ImpactCommandResult[],
  palette: Palette,
): string {
  const withNew = results.filter(
    (result) =>
      result.impact !== undefined &&
      result.impact.comparison.content.new.length + result.impact.comparison.model.new.length > 0,
  ).length;
  const failed = results.filter((result) => result.status !== 'checked').length;
  const lines = [
    palette.bold(
      `Omni impact of branch ${escapeTerminalText(JSON.stringify(command.branch))}, changes since ${escapeTerminalText(base.ref)} (${escapeTerminalText(command.run.configPath)})`,
    ),
    '',
    ...results.flatMap((result) => renderConnectionImpact(result, palette)),
    '',
  ];
  const checked = results.length - failed;
  const summary = `${checked} of ${plural(results.length, 'connection')} checked: ${withNew} with new issues${failed > 0 ? `, ${failed} not checked` : ''}.`;
  lines.push(withNew > 0 || failed > 0 ? palette.red(summary) : summary);
  return `${lines.join('\n')}\n`;
}

/** Runs the command; the front end (main.ts) has checked OMNI_URL and OMNI_API_TOKEN already. */
export async function runImpactCommand(command: ImpactCommand, effects: ImpactEffects): Promise<number> {
  const loaded = loadConfig(effects.configText, command.run.configPath);
  const issues = loaded.ok ? loaded.warnings : loaded.issues;
  const issueLines = renderIssueLines({ issues });
  if (issueLines.length > 0) effects.err(`${issueLines.join('\n')}\n`);
  if (!loaded.ok) return EXIT_FAILURE;
  const selected = selectConnections(loaded.config.connections, command.run.selection, effects.terms);
  if (!selected.ok) {
    effects.err(`omni-dbt: ${selected.error}\n`);
    return EXIT_FAILURE;
  }
  const checking = selected.connections.filter((connection) => connection.preview?.omniModel !== undefined);
  if (checking.length === 0) {
    effects.err(
      `omni-dbt: no selected connection in ${command.run.configPath} has a preview block with omniModel, so there is no model whose branch to check. Add \`omniModel\` to a connection's \`preview\` block (README, "Impact on Omni").\n`,
    );
    return EXIT_USAGE;
  }
  const base = await findBase(effects.runGit, command.base);
  let changes: Promise<ChangedFilesRead> | undefined;
  const readChangedFiles = () => {
    changes ??= readGitChanges(effects.runGit, base.ref);
    return changes;
  };
  const { client } = effects;
  const runStop = createRunStop(effects.stop);
  const results = await Promise.all(
    checking.map((connection) =>
      checkConnection(connection, command, effects, { client, base, readChangedFiles, runStop }),
    ),
  );
  if (runStop.fatalError !== undefined) effects.err(`omni-dbt: ${runStop.fatalError}\n`);
  if (command.run.json) effects.out(`${buildImpactCommandOutput(command, base, results)}\n`);
  else effects.outStyled(renderImpactTerminal(command, base, results, effects.palette));
  const isFailing = results.some(
    (result) => result.status !== 'checked' || result.impact?.isFailing === true,
  );
  return isFailing ? EXIT_FAILURE : EXIT_OK;
}
