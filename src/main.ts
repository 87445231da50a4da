// The action: inputs → config → plan → apply → report. The one place that calls setFailed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { ACTION_CANCEL_GRACE_MS, createCancellation } from './cancellation.js';
import { readGitHubEvent } from './event.js';
import { readActionInputs } from './inputs.js';
import { resolveMode } from './mode.js';
import { createRunClient } from './omni/run-client.js';
import type { RunReport } from './plan/types.js';
import { summariseOutcome } from './report/outcome.js';
import { annotateIssues, logConnections, setRunOutputs, writeJobSummary } from './report/publish.js';
import { createRunReport, executeRun } from './run.js';

/** Reads the config file, turning a missing file into a message that says how to fix it. */
async function readConfigText(
  absolutePath: string,
  configPath: string,
): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await readFile(absolutePath, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return {
        error: `${configPath}: no such file in the workspace. Check out the repository first (actions/checkout) and set the "config" input to the path of omni-dbt.yml.`,
      };
    }
    return { error: `${configPath}: could not be read (${code ?? String(error)}).` };
  }
}

export async function run(): Promise<void> {
  let failure: string | undefined;
  try {
    failure = await runAction();
  } catch (error) {
    // A bug, not a user error: say so plainly. Secrets are masked by the runner (setSecret).
    failure = `omni-dbt-action failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (failure !== undefined) core.setFailed(failure);
}

/** Runs the action and returns why the check fails, or undefined when it passes. */
async function runAction(): Promise<string | undefined> {
  const read = readActionInputs();
  if (!read.ok) {
    for (const message of read.errors) core.error(message);
    return `Invalid inputs: ${read.errors.join(' ')}`;
  }
  const inputs = read.inputs;
  const event = readGitHubEvent();
  const mode = resolveMode(inputs.mode, event);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const absoluteConfigPath = path.resolve(workspace, inputs.configPath);
  // Annotations need the path relative to the repository root (the workspace).
  const annotationPath = path.relative(workspace, absoluteConfigPath).split(path.sep).join('/');
  core.info(
    `omni-dbt: ${mode} of ${annotationPath} (mode input "${inputs.mode}", event "${event.eventName}")`,
  );

  // A cancelled job gets SIGINT, then SIGTERM: start nothing new, let requests in flight finish for a
  // moment, and report what finished.
  const { stop, inFlightSignal, cancel } = createCancellation(ACTION_CANCEL_GRACE_MS);
  const onSignal = () => {
    core.warning('Cancellation received: no new requests start; the remaining connections are skipped.');
    cancel();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const config = await readConfigText(absoluteConfigPath, annotationPath);
  let report: RunReport;
  if ('error' in config) {
    const reportBase = {
      mode,
      configPath: annotationPath,
      commit: event.commit,
      failOnChanges: inputs.failOnChanges,
    };
    report = { ...createRunReport(reportBase, []), fatalError: config.error };
  } else {
    report = await executeRun({
      configPath: annotationPath,
      configText: config.text,
      mode,
      omniUrl: inputs.omniUrl,
      apiToken: inputs.apiToken,
      allowCustomHost: inputs.allowCustomHost,
      selection: inputs.connections,
      force: inputs.force,
      rotateKeys: inputs.rotateKeys,
      failOnChanges: inputs.failOnChanges,
      commit: event.commit,
      stop,
      createClient: (settings) =>
        createRunClient({
          ...settings,
          inFlightSignal,
          maxRequestsPerMinute: inputs.maxRequestsPerMinute,
          onRetry: (message) => core.info(message),
        }),
    });
  }

  report = { ...report, isForkPullRequest: event.pullRequest?.isFork === true };
  annotateIssues(report.issues, annotationPath);
  logConnections(report);
  const outcome = summariseOutcome(report);
  setRunOutputs(report, outcome);
  await writeJobSummary(report);
  if (event.pullRequest !== undefined && inputs.comment) {
    // Loaded only when a comment is due: @actions/github is the heaviest part of the bundle.
    const { publishPlanComment } = await import('./report/comment.js');
    await publishPlanComment({ report, pullRequest: event.pullRequest, githubToken: inputs.githubToken });
  }
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGINT', onSignal);

  if (outcome.isFailure) return outcome.headline;
  core.info(outcome.headline);
  return undefined;
}
