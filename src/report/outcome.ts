// Pure: the counts, the outputs and the pass/fail verdict of a run (README, "Outputs" and "Exit status").
// Every front end counts through `countConnections`, so a summary, a comment and a terminal agree.
import type { RunReport } from '../run/types.js';

export interface RunOutcome {
  changed: number;
  failed: number;
  hasChanges: boolean;
  isFailure: boolean;
  /** One line a person reads first: what happened and why the check passed or failed. */
  headline: string;
}

export interface ConnectionCounts {
  /** By plan action; `unread` counts connections whose live configuration could not be read. */
  create: number;
  update: number;
  unchanged: number;
  unread: number;
  /** By result. */
  applied: number;
  planned: number;
  unchangedResult: number;
  failed: number;
  skipped: number;
  /** Connections that changed (apply) or would change (dry-run): the `changed` output. */
  changed: number;
}

export function countConnections(report: Pick<RunReport, 'connections' | 'mode'>): ConnectionCounts {
  const { connections } = report;
  const withAction = (action: string | undefined) => connections.filter((c) => c.action === action).length;
  const withStatus = (status: string) => connections.filter((c) => c.status === status).length;
  const applied = withStatus('applied');
  const planned = withStatus('planned');
  return {
    create: withAction('create'),
    update: withAction('update'),
    unchanged: withAction('unchanged'),
    unread: withAction(undefined),
    applied,
    planned,
    unchangedResult: withStatus('unchanged'),
    failed: withStatus('failed'),
    skipped: withStatus('skipped'),
    changed: report.mode === 'apply' ? applied : planned,
  };
}

export interface EnvironmentCounts {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  unmanaged: number;
}

/** The environments of every connection, by plan action; undefined when no connection has any. */
export function countEnvironments(report: Pick<RunReport, 'connections'>): EnvironmentCounts | undefined {
  const all = report.connections.flatMap((c) => c.environments ?? []);
  if (!report.connections.some((c) => c.environments !== undefined)) return undefined;
  const withAction = (action: string) => all.filter((e) => e.action === action).length;
  return {
    create: withAction('create'),
    update: withAction('update'),
    delete: withAction('delete'),
    unchanged: withAction('unchanged'),
    unmanaged: withAction('unmanaged'),
  };
}

export function summariseOutcome(report: RunReport): RunOutcome {
  const errorCount = report.issues.filter((issue) => issue.severity === 'error').length;
  const { changed, failed, skipped } = countConnections(report);
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

/** The `result` output: every selected connection once, absent values as null (README, "Outputs"). */
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
      ...(c.environments === undefined
        ? {}
        : {
            environments: c.environments.map((e) => ({
              name: e.name,
              action: e.action,
              status: e.status,
              error: e.error ?? null,
              changes: e.changes.map(({ field, from, to }) => ({
                field,
                from: from ?? null,
                to: to ?? null,
              })),
              ...(e.binding === undefined ? {} : { binding: e.binding }),
            })),
          }),
      ...(c.isPreview === true ? { preview: true } : {}),
    })),
  });
}
