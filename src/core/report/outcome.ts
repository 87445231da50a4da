// Pure: the counts, the outputs and the pass/fail verdict of a run (README, "Outputs" and "Exit status").
// Every front end counts through `countConnections`, so a summary, a comment and a terminal agree.
import type { ConnectionResult, RunReport } from '../run/types.js';
import { buildExposuresResult, summariseExposuresOutcome } from './exposures.js';

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
    changed: report.mode === 'dry-run' ? planned : applied,
  };
}

/** The dbt environments of a run, over every connection whose file lists them (README, "dbt environments"). */
export interface EnvironmentCounts {
  /** True when any connection's environments were planned: only then do front ends mention them. */
  hasEnvironments: boolean;
  /** By plan action. */
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  unmanaged: number;
  /** Written (status `applied`), by plan action. */
  created: number;
  updated: number;
  deleted: number;
  /** By result: a write Omni refused or did not keep, and writes not attempted. */
  failed: number;
  skipped: number;
}

export function countEnvironments(report: Pick<RunReport, 'connections'>): EnvironmentCounts {
  const listed = report.connections.filter((connection) => connection.environments !== undefined);
  const environments = listed.flatMap((connection) => connection.environments ?? []);
  const withAction = (action: string) => environments.filter((e) => e.action === action).length;
  const withStatus = (status: string) => environments.filter((e) => e.status === status).length;
  const written = (action: string) =>
    environments.filter((e) => e.action === action && e.status === 'applied').length;
  return {
    hasEnvironments: listed.length > 0,
    create: withAction('create'),
    update: withAction('update'),
    delete: withAction('delete'),
    unchanged: withAction('unchanged'),
    unmanaged: withAction('unmanaged'),
    created: written('create'),
    updated: written('update'),
    deleted: written('delete'),
    failed: withStatus('failed'),
    skipped: withStatus('skipped'),
  };
}

export function summariseOutcome(report: RunReport): RunOutcome {
  // It reads no connection: its counts are the exposures' (README, "dbt exposures").
  if (report.mode === 'exposures') return summariseExposuresOutcome(report);
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
  } else if (report.mode === 'preview' && failed === 0) {
    headline = describePreview(report);
  } else if (report.isValidationOnly) {
    const why = report.isForkPullRequest
      ? 'this pull request comes from a fork, and GitHub gives forks no secrets, so there is no api-token'
      : 'no api-token was given';
    headline = `${report.configPath} is valid. Only validation ran: ${why}, so Omni was not asked.`;
  } else if (failed > 0) {
    const done = report.mode === 'dry-run' ? `; ${changed} would change` : `; ${changed} applied`;
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

/** What a preview run did, in one line: created, updated, bound or deleted (README, "Preview environments"). */
function describePreview(report: RunReport): string {
  const preview = report.preview;
  if (preview?.note !== undefined) return preview.note;
  const previews = report.connections.filter((c) => c.isPreview);
  const on = (c: ConnectionResult) => c.name ?? c.connectionId;
  if (preview?.kind === 'upsert') {
    const parts = previews.map((c) => {
      const environment = c.environments?.[0];
      const verb = { create: 'created', update: 'updated', unchanged: 'left unchanged', delete: 'deleted' }[
        c.action ?? 'unchanged'
      ];
      const binding =
        environment?.binding?.status === 'bound' ? `, bound to branch ${environment.binding.branchName}` : '';
      return `${verb} ${environment?.name ?? 'its environment'} on ${on(c)}${binding}`;
    });
    return `Preview for #${preview.pr}: ${parts.join('; ')}.`;
  }
  const deleted = previews.reduce(
    (sum, c) =>
      sum + (c.environments ?? []).filter((e) => e.action === 'delete' && e.status === 'applied').length,
    0,
  );
  const plural = (n: number) => `${n} preview environment${n === 1 ? '' : 's'}`;
  if (preview?.kind === 'close') {
    return deleted === 0
      ? `Pull request #${preview.pr} had no preview environment left to delete.`
      : `Deleted ${plural(deleted)} of closed pull request #${preview.pr}.`;
  }
  return deleted === 0
    ? 'No preview environment of a closed pull request was left to delete.'
    : `Deleted ${plural(deleted)} of closed pull requests.`;
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
      ...(c.isPreview ? { preview: true } : {}),
    })),
    ...(report.exposures === undefined ? {} : { exposures: buildExposuresResult(report.exposures) }),
  });
}
