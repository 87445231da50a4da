// Pure: the counts, the outputs and the pass/fail verdict of a run (SPEC §4, §5).
import type { RunReport } from '../plan/types.js';

export interface RunOutcome {
  changed: number;
  failed: number;
  hasChanges: boolean;
  isFailure: boolean;
  /** One line a person reads first: what happened and why the check passed or failed. */
  headline: string;
}

export function summariseOutcome(report: RunReport): RunOutcome {
  const errorCount = report.issues.filter((issue) => issue.severity === 'error').length;
  const changedStatus = report.mode === 'apply' ? 'applied' : 'planned';
  const changed = report.connections.filter((c) => c.status === changedStatus).length;
  const failed = report.connections.filter((c) => c.status === 'failed').length;
  const skipped = report.connections.filter((c) => c.status === 'skipped').length;
  const hasChanges = changed > 0;
  const isDriftFailure = report.failOnChanges && report.mode === 'dry-run' && hasChanges;

  let headline: string;
  if (errorCount > 0) {
    headline = `${errorCount} error${errorCount === 1 ? '' : 's'} in ${report.configPath}; nothing was sent to Omni.`;
  } else if (report.isCancelled) {
    headline = `The run was cancelled; ${skipped} connection${skipped === 1 ? ' was' : 's were'} skipped.`;
  } else if (report.fatalError !== undefined) {
    headline = report.fatalError;
  } else if (report.isValidationOnly) {
    const why = report.isForkPullRequest
      ? 'this pull request comes from a fork, and GitHub gives forks no secrets, so there is no api-token'
      : 'no api-token was given';
    headline = `${report.configPath} is valid. Only validation ran: ${why}, so Omni was not asked.`;
  } else if (failed > 0) {
    const done = report.mode === 'apply' ? `; ${changed} applied` : `; ${changed} would change`;
    headline = `${failed} connection${failed === 1 ? '' : 's'} failed${done}.`;
  } else if (isDriftFailure) {
    headline = `${changed} connection${changed === 1 ? ' has' : 's have'} drifted from ${report.configPath} (fail-on-changes).`;
  } else if (report.mode === 'apply') {
    headline = hasChanges
      ? `Applied ${changed} change${changed === 1 ? '' : 's'}.`
      : 'Everything was already up to date.';
  } else {
    headline = hasChanges
      ? `${changed} connection${changed === 1 ? '' : 's'} would change.`
      : 'No changes: Omni already matches the file.';
  }

  const isFailure =
    errorCount > 0 ||
    failed > 0 ||
    skipped > 0 ||
    report.isCancelled ||
    report.fatalError !== undefined ||
    isDriftFailure;
  return { changed, failed, hasChanges, isFailure, headline };
}

/** The `result` output: every selected connection once, absent values as null (SPEC §4). */
export function buildResultOutput(report: RunReport): string {
  return JSON.stringify({
    mode: report.mode,
    connections: report.connections.map((c) => ({
      id: c.connectionId,
      name: c.name ?? null,
      action: c.action ?? null,
      status: c.status,
      httpStatus: c.httpStatus ?? null,
      error: c.error ?? null,
      changes: c.changes.map(({ field, from, to }) => ({ field, from: from ?? null, to: to ?? null })),
    })),
  });
}
