// The action: inputs → config → plan → apply → report. The one place that calls setFailed.
import path from 'node:path';
import { ACTION_CANCEL_GRACE_MS, createCancellation } from '../core/cancellation.js';
import { createWorkspaceExposuresFiles } from '../core/exposures-file.js';
import { readWorkspaceConfig } from '../core/read-config.js';
import { summariseOutcome } from '../core/report/outcome.js';
import type { PreviewRunContext } from '../core/run/preview.js';
import { createRunReport, executeRun } from '../core/run/run.js';
import type { RunReport } from '../core/run/types.js';
import { ACTION_TERMS } from '../core/terms.js';
import { type GitHubEvent, readGitHubEvent } from './event.js';
import { logExposures } from './exposures.js';
import { annotateAtRisk } from './impact-publish.js';
import { readActionInputs } from './inputs.js';
import { type ActionLog, createActionLog } from './log.js';
import { resolveMode } from './mode.js';
import { annotateIssues, logConnections, setRunOutputs, writeJobSummary } from './publish.js';

export async function run(): Promise<void> {
  // Everything the action writes goes through this log and its redactor.
  const log = createActionLog();
  let failure: string | undefined;
  try {
    failure = await runAction(log);
  } catch (error) {
    // A bug, not a user error: say so plainly. The log redacts it like everything else.
    failure = `omni-dbt-action failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (failure !== undefined) log.setFailed(failure);
}

/** Runs the action and returns why the check fails, or undefined when it passes. */
async function runAction(log: ActionLog): Promise<string | undefined> {
  const read = readActionInputs(log.redactor);
  const { inputs } = read;
  // Invalid inputs are said once (in the failure, and so the summary's headline), the file is still
  // validated, the outputs are set, and `result` lists its connections skipped: nothing is sent.
  const settingsError = read.ok
    ? undefined
    : `${read.errors.length === 1 ? 'An input is' : `${read.errors.length} inputs are`} invalid, so nothing was sent to Omni: ${read.errors.join(' ')}`;
  const event = readGitHubEvent();
  const mode = resolveMode(inputs.mode, event);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const absoluteConfigPath = path.resolve(workspace, inputs.configPath);
  // Annotations need the path relative to the repository root (the workspace).
  const annotationPath = path.relative(workspace, absoluteConfigPath).split(path.sep).join('/');
  const modeInput = read.ok ? `mode input "${inputs.mode}"` : 'inputs invalid';
  log.info(`omni-dbt: ${mode} of ${annotationPath} (${modeInput}, event "${event.eventName}")`);

  // A cancelled job gets SIGINT, then SIGTERM: start nothing new, let requests in flight finish for a
  // moment, and report what finished.
  const { stop, inFlightSignal, cancel } = createCancellation(ACTION_CANCEL_GRACE_MS);
  const onSignal = () => {
    log.warning('Cancellation received: no new requests start; the remaining connections are skipped.');
    cancel();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  // Only a file inside the workspace is read (README, "Inputs"): never `../…`, an absolute path or a link out.
  const config = await readWorkspaceConfig(workspace, inputs.configPath, annotationPath, ACTION_TERMS);
  let report: RunReport;
  if (!config.ok) {
    const reportBase = {
      mode,
      configPath: annotationPath,
      commit: event.commit,
      failOnChanges: inputs.failOnChanges,
    };
    const fatalError = settingsError === undefined ? config.error : `${settingsError} ${config.error}`;
    report = { ...createRunReport(reportBase, []), fatalError, isStoppedBeforeOmni: true };
  } else {
    report = await executeRun({
      configPath: annotationPath,
      configText: config.text,
      mode,
      omniUrl: inputs.omniUrl,
      apiToken: inputs.apiToken,
      allowCustomHost: inputs.allowCustomHost,
      selection: inputs.selection,
      force: inputs.force,
      rotateKeys: inputs.rotateKeys,
      failOnChanges: inputs.failOnChanges,
      failOnImpact: inputs.failOnImpact,
      commit: event.commit,
      isUpdatingSecrets: inputs.updateSecrets,
      stepEnv: process.env,
      redactor: log.redactor,
      terms: ACTION_TERMS,
      stop,
      ...(settingsError === undefined ? {} : { settingsError }),
      ...(mode === 'preview' ? { preview: buildPreviewContext(event, inputs.githubToken, log) } : {}),
      onProgress: (message) => log.info(message),
      // Written for a later step (a pull request with it), or only compared with fail-on-changes.
      ...(mode === 'exposures'
        ? {
            exposures: {
              intent: inputs.failOnChanges ? 'check' : 'write',
              files: createWorkspaceExposuresFiles(workspace),
            },
          }
        : {}),
      // Loaded once the run asks Omni: the client brings its transport (undici) and every endpoint's schemas.
      createClient: async (settings) => {
        const { createRunClient } = await import('../core/omni/run-client.js');
        return createRunClient({
          ...settings,
          inFlightSignal,
          maxRequestsPerMinute: inputs.maxRequestsPerMinute,
          onRetry: (message) => log.info(message),
        });
      },
    });
  }

  report = { ...report, isForkPullRequest: event.pullRequest?.isFork === true };
  annotateIssues(log, report.issues, annotationPath);
  annotateAtRisk(log, report);
  logConnections(log, report);
  logExposures(log, report);
  const outcome = summariseOutcome(report);
  setRunOutputs(log, report, outcome);
  await writeJobSummary(log, report);
  // A fork's token is read-only and its preview did nothing: no comment to attempt. mode: exposures and mode:
  // refresh have no plan to comment (and would overwrite the plan comment of the same file): their report is
  // the summary (README, "Refresh after a deploy": it follows a deploy, which has no pull request).
  const isForkPreview = mode === 'preview' && event.pullRequest?.isFork === true;
  const isCommentingMode = mode !== 'exposures' && mode !== 'refresh';
  if (event.pullRequest !== undefined && inputs.comment && !isForkPreview && isCommentingMode) {
    // Loaded only when a comment is due: @actions/github is the heaviest part of the bundle.
    const { publishPlanComment } = await import('./comment.js');
    await publishPlanComment({
      report,
      pullRequest: event.pullRequest,
      githubToken: inputs.githubToken,
      log,
    });
  }
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGINT', onSignal);

  if (outcome.isFailure) return outcome.headline;
  log.info(outcome.headline);
  return undefined;
}

const SWEEP_EVENTS = ['schedule', 'workflow_dispatch'];

/** Which preview work the event asks for (README, "Preview environments"). */
export function buildPreviewContext(
  event: GitHubEvent,
  githubToken: string,
  log: Pick<ActionLog, 'info'>,
): PreviewRunContext {
  const pullRequest = event.pullRequest;
  const onWait = (message: string) => log.info(message);
  if (pullRequest !== undefined) {
    if (pullRequest.isFork) return { kind: 'fork' };
    const { number: pr, head, base, sha, owner, repo } = pullRequest;
    const refs = { pr, head, base, sha, repository: `${owner}/${repo}` };
    if (pullRequest.action === 'closed') return { kind: 'close', ...refs };
    return {
      kind: 'upsert',
      ...refs,
      // Asked only by an impact check, and loaded then: it brings @actions/github.
      async readChangedFiles() {
        if (githubToken === '') return { ok: false, reason: 'the github-token input is empty' };
        const { readPullRequestFiles } = await import('./pull-request-files.js');
        return readPullRequestFiles({ githubToken, owner, repo, pr, onWait });
      },
    };
  }
  if (SWEEP_EVENTS.includes(event.eventName)) {
    const [owner = '', repo = ''] = event.repository.split('/');
    // One GitHub client for the sweep's reads, built (and @actions/github loaded) only when one is needed.
    let client: Promise<import('./github-pages.js').GitHubClient> | undefined;
    const connect = () => {
      if (githubToken === '') throw new Error('the github-token input is empty');
      client ??= import('./github-pages.js').then(({ createGitHubClient }) =>
        createGitHubClient({ githubToken, onWait }),
      );
      return client;
    };
    return {
      kind: 'sweep',
      repository: event.repository,
      async readOpenPullRequests() {
        const shared = await connect();
        const { readOpenPullRequestNumbers } = await import('./pull-request-states.js');
        return readOpenPullRequestNumbers({ githubToken, owner, repo, onWait, client: shared });
      },
      async readPullRequest(pr) {
        const shared = await connect();
        const { readPullRequestRefs } = await import('./pull-request-states.js');
        return readPullRequestRefs({ githubToken, owner, repo, onWait, client: shared, pr });
      },
    };
  }
  return {
    kind: 'none',
    reason: `mode: preview has nothing to do on a "${event.eventName}" event: it manages a pull request's preview on pull_request, and sweeps closed pull requests' previews on schedule or workflow_dispatch. Nothing was sent to Omni.`,
  };
}
