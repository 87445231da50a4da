// The action: inputs → config → plan → apply → report. The one place that calls setFailed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { ACTION_CANCEL_GRACE_MS, createCancellation } from './cancellation.js';
import { readGitHubEvent } from './event.js';
import { readActionInputs } from './inputs.js';
import { resolveMode } from './mode.js';
import { createRunClient } from './omni/run-client.js';
import { readConfigText } from './read-config.js';
import { summariseOutcome } from './report/outcome.js';
import { annotateIssues, logConnections, setRunOutputs, writeJobSummary } from './report/publish.js';
import { createRunReport, executeRun } from './run/run.js';
import type { RunReport } from './run/types.js';
import { ACTION_TERMS } from './terms.js';

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

  const config = await readConfigText(
    (file) => readFile(file, 'utf8'),
    absoluteConfigPath,
    annotationPath,
    ACTION_TERMS,
  );
  let report: RunReport;
  if (!config.ok) {
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
      selection: inputs.selection,
      force: inputs.force,
      rotateKeys: inputs.rotateKeys,
      failOnChanges: inputs.failOnChanges,
      commit: event.commit,
      isUpdatingSecrets: inputs.updateSecrets,
      stepEnv: process.env,
      maskSecret: (value) => core.setSecret(value),
      terms: ACTION_TERMS,
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
