// Pure: the counts, the outputs and the pass/fail verdict of a run (README, "Outputs" and "Exit status").
// One counting model: every connection and every part (run/parts.ts) falls in exactly one bucket, and every
// front end counts and words through here, so a headline, a table, a count line and a log agree.

import { plural } from '../plural.js';
import type { ImpactResult } from '../run/impact.js';
import { CONNECTION_PARTS, type ConnectionPartKind, listConnectionParts } from '../run/parts.js';
import type { ConnectionResult, RunReport } from '../run/types.js';
import { buildExposuresResult, summariseExposuresOutcome } from './exposures.js';
import { describeDeletedBranches, describeImpactHeadline } from './impact-lines.js';

/** What introduces the hint under an error, in every front end: the log, the summary, the terminal. */
export const HINT_LABEL = 'How to fix:';

/** An error and what to do about it, the hint on a line of its own. */
export function joinErrorAndHint(error: string, hint: string | undefined): string {
  return hint === undefined || hint === '' ? error : `${error}\n${HINT_LABEL} ${hint}`;
}

export interface RunOutcome {
  changed: number;
  failed: number;
  hasChanges: boolean;
  isFailure: boolean;
  /** One line a person reads first: what happened and why the check passed or failed. */
  headline: string;
}

/**
 * Where each item of a count goes, exactly one bucket each, so a count's buckets add up to its total: a
 * write planned (dry-run) or done (apply, preview) by its action, else its result.
 */
export type CountBucket = 'create' | 'update' | 'delete' | 'unchanged' | 'unmanaged' | 'failed' | 'skipped';

const BUCKETS: readonly CountBucket[] = [
  'create',
  'update',
  'delete',
  'unchanged',
  'unmanaged',
  'failed',
  'skipped',
];

/** A plan speaks of what it would do, an apply (or a preview) of what it did, a refresh of what it refreshed. */
const BUCKET_WORDS: Record<'plan' | 'done' | 'refresh', Record<CountBucket, string>> = {
  plan: {
    create: 'to create',
    update: 'to update',
    delete: 'to delete',
    unchanged: 'unchanged',
    unmanaged: 'not in the file',
    failed: 'failed',
    skipped: 'skipped',
  },
  done: {
    create: 'created',
    update: 'updated',
    delete: 'deleted',
    unchanged: 'unchanged',
    unmanaged: 'not in the file',
    failed: 'failed',
    skipped: 'skipped',
  },
  // mode: refresh writes nothing of the file: a connection it changes is one whose schema it refreshed.
  refresh: {
    create: 'created',
    update: 'refreshed',
    delete: 'deleted',
    unchanged: 'unchanged',
    unmanaged: 'not in the file',
    failed: 'failed',
    skipped: 'skipped',
  },
};

export interface Tally {
  total: number;
  counts: Record<CountBucket, number>;
}

interface Countable {
  action?: string;
  status: string;
}

function findBucket(item: Countable): CountBucket {
  switch (item.status) {
    case 'planned':
    case 'applied':
      return item.action === 'create' || item.action === 'delete' ? item.action : 'update';
    case 'unchanged':
    case 'unmanaged':
    case 'failed':
      return item.status;
    default:
      return 'skipped';
  }
}

export function tallyItems(items: readonly Countable[]): Tally {
  const counts = Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])) as Record<CountBucket, number>;
  for (const item of items) counts[findBucket(item)] += 1;
  return { total: items.length, counts };
}

function wordsFor(mode: RunReport['mode']): Record<CountBucket, string> {
  return BUCKET_WORDS[mode === 'dry-run' ? 'plan' : mode === 'refresh' ? 'refresh' : 'done'];
}

/** The buckets that hold anything, in one order: `1 to create, 2 to update`. */
export function describeTally(tally: Tally, mode: RunReport['mode']): string {
  const words = wordsFor(mode);
  return BUCKETS.filter((bucket) => tally.counts[bucket] > 0)
    .map((bucket) => `${tally.counts[bucket]} ${words[bucket]}`)
    .join(', ');
}

/**
 * What became of one connection or part, in a few words: `to update` (planned), `updated` (applied),
 * `update failed`, `unchanged`, `not in the file, left alone`, `skipped`.
 */
export function describeOutcome(item: Countable, mode: RunReport['mode']): string {
  const bucket = findBucket(item);
  if (bucket === 'unmanaged') return 'not in the file, left alone';
  if (bucket === 'failed') {
    return item.action === 'create' || item.action === 'update' || item.action === 'delete'
      ? `${item.action} failed`
      : 'failed';
  }
  return wordsFor(mode)[bucket];
}

export interface ConnectionCounts extends Tally {
  /** Connections that changed (apply) or would change (dry-run): the `changed` output. */
  changed: number;
  failed: number;
  /** Skipped because something stopped them (not the ones out of the run's scope). */
  stopped: number;
}

/** Every selected connection in exactly one bucket: the one count every front end shows. */
export function countConnections(report: Pick<RunReport, 'connections'>): ConnectionCounts {
  const tally = tallyItems(report.connections);
  const { create, update, failed } = tally.counts;
  const stopped = report.connections.filter((c) => c.status === 'skipped' && !c.isOutOfScope).length;
  return { ...tally, changed: create + update, failed, stopped };
}

/** The parts of one kind (environments, …) over every connection whose file lists them. */
export interface PartCounts extends Tally {
  kind: ConnectionPartKind;
}

/** One count per kind of part that any connection lists; none when no connection lists any. */
export function countParts(report: Pick<RunReport, 'connections'>): PartCounts[] {
  return CONNECTION_PARTS.flatMap((kind) => {
    const listed = report.connections.flatMap((connection) => {
      const parts = kind.listParts(connection);
      return parts === undefined ? [] : [parts];
    });
    return listed.length === 0 ? [] : [{ kind, ...tallyItems(listed.flat()) }];
  });
}

/**
 * The count line every front end shows under its plan or apply: `Plan: 3 connections: 1 to create, 2 to
 * update; 4 environments: 1 to create, 1 to update, 2 not in the file`. Each total is the sum of its
 * buckets.
 */
export function describeRunCounts(report: Pick<RunReport, 'connections' | 'mode'>): {
  label: string;
  text: string;
} {
  const connections = countConnections(report);
  const parts = countParts(report).map(
    (counts) =>
      `${plural(counts.total, counts.kind.noun, counts.kind.plural)}${counts.total === 0 ? '' : `: ${describeTally(counts, report.mode)}`}`,
  );
  const text = [
    `${plural(connections.total, 'connection')}: ${describeTally(connections, report.mode)}`,
    ...parts,
  ].join('; ');
  const label = report.mode === 'dry-run' ? 'Plan' : report.mode === 'refresh' ? 'Refresh' : 'Applied';
  return { label, text };
}

/** What a connection's settings come to: `settings to update`, `settings sent again as they are`. */
export function describeSettings(connection: ConnectionResult, mode: RunReport['mode']): string | undefined {
  const { settings } = connection;
  if (settings === undefined) return undefined;
  const isPlan = mode === 'dry-run';
  // Sent with nothing differing: `force` or `rotate-keys` (the one change then is the deploy key).
  if (settings.action === 'update' && connection.changes.length === 0 && settings.status !== 'failed') {
    if (connection.rotateKeys) return isPlan ? 'deploy key to rotate' : 'deploy key rotated';
    return isPlan ? 'settings to send again as they are' : 'settings sent again as they are';
  }
  return `settings ${describeOutcome(settings, mode)}`;
}

/**
 * What a connection's settings and parts come to, shown beneath it: `settings unchanged; environments: 1 to
 * create, 2 not in the file`. Empty for a connection that has no parts and whose settings say it all.
 */
export function describeConnectionParts(connection: ConnectionResult, mode: RunReport['mode']): string {
  const parts = listConnectionParts(connection).map(
    ({ kind, parts: items }) =>
      `${kind.plural}: ${items.length === 0 ? 'none' : describeTally(tallyItems(items), mode)}`,
  );
  const settings = describeSettings(connection, mode);
  const isSentAsIs = connection.settings?.action === 'update' && connection.changes.length === 0;
  if (parts.length === 0 && !isSentAsIs) return '';
  return [...(settings === undefined ? [] : [settings]), ...parts].join('; ');
}

export function summariseOutcome(report: RunReport): RunOutcome {
  // It reads no connection: its counts are the exposures' (README, "dbt exposures").
  if (report.mode === 'exposures') return summariseExposuresOutcome(report);
  const errorCount = report.issues.filter((issue) => issue.severity === 'error').length;
  const counts = countConnections(report);
  const { changed, failed, total } = counts;
  const hasChanges = changed > 0;
  const isDriftFailure = report.failOnChanges && report.mode === 'dry-run' && hasChanges;
  const connections = (n: number) => plural(n, 'connection');
  // README "Impact on Omni", "Exit": issues fail the check as `failOn` says, not the connection.
  const isImpactFailure = report.connections.some((connection) => connection.impact?.isFailing === true);

  let headline: string;
  if (errorCount > 0) {
    const fileErrors = `${plural(errorCount, 'error')} in ${report.configPath}; nothing was sent to Omni.`;
    headline = report.fatalError === undefined ? fileErrors : `${report.fatalError} Also ${fileErrors}`;
  } else if (report.isCancelled) {
    headline = `The run was cancelled: ${describeTally(counts, report.mode) || 'no connection was run'}.`;
  } else if (report.fatalError !== undefined) {
    headline = report.fatalError;
  } else if (report.mode === 'preview' && failed === 0) {
    headline = describePreview(report);
  } else if (report.mode === 'refresh' && failed === 0) {
    headline = describeRefresh(report);
  } else if (report.isValidationOnly) {
    const why = report.isForkPullRequest
      ? 'this pull request comes from a fork, and GitHub gives forks no secrets, so there is no api-token'
      : 'no api-token was given';
    headline = `${report.configPath} is valid. Only validation ran: ${why}, so Omni was not asked.`;
  } else if (failed > 0) {
    const done =
      report.mode === 'dry-run' ? 'would change' : report.mode === 'refresh' ? 'refreshed' : 'changed';
    headline = `${failed} of ${connections(total)} failed; ${changed} ${done}.`;
  } else if (isDriftFailure) {
    headline = `${changed} of ${connections(total)} drifted from ${report.configPath} (fail-on-changes).`;
  } else if (report.mode === 'apply') {
    headline = hasChanges
      ? `Changed ${changed} of ${connections(total)}.`
      : 'Everything was already up to date.';
  } else {
    headline = hasChanges
      ? `${changed} of ${connections(total)} would change.`
      : 'No changes: Omni already matches the file.';
  }

  const isFailure =
    errorCount > 0 ||
    failed > 0 ||
    counts.stopped > 0 ||
    report.isCancelled ||
    report.fatalError !== undefined ||
    isDriftFailure ||
    isImpactFailure;
  return { changed, failed, hasChanges, isFailure, headline };
}

/**
 * What a refresh did, in one line (README, "Refresh after a deploy"): how many schemas it refreshed, each one's
 * verdict, the rule that fails the run on them, and the connections Omni refreshes per branch (a warning each).
 */
function describeRefresh(report: RunReport): string {
  const refreshed = report.connections.filter((c) => c.status === 'applied');
  const perBranch = report.connections.filter((c) => c.status === 'skipped' && (c.warnings ?? []).length > 0);
  const taking = refreshed.length + perBranch.length;
  const failing = refreshed.find((c) => c.impact?.isFailing === true)?.impact;
  const rule =
    failing === undefined
      ? ''
      : ` ${failing.refresh?.failOnSetting ?? 'failOnImpact'}: ${failing.failOn} fails the run on ${failing.failOn === 'any' ? 'any issue' : 'new issues'}.`;
  const notRefreshed =
    perBranch.length === 0
      ? ''
      : ` ${plural(perBranch.length, 'connection')} ${perBranch.length === 1 ? 'was' : 'were'} not refreshed: Omni refreshes ${perBranch.length === 1 ? 'it' : 'them'} per branch (see the warning).`;
  return `Refreshed the schema of ${refreshed.length} of ${plural(taking, 'connection')}.${describeImpactHeadline(refreshed)}${rule}${notRefreshed}`;
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
      // The environment's own action: the connection's is `update` whenever its preview is written.
      const verb = {
        create: 'created',
        update: 'updated',
        unchanged: 'left unchanged',
        unmanaged: 'left unchanged',
        delete: 'deleted',
      }[environment?.action ?? 'unchanged'];
      const binding =
        environment?.binding?.status === 'bound' ? `, bound to branch ${environment.binding.branchName}` : '';
      return `${verb} ${environment?.name ?? 'its environment'} on ${on(c)}${binding}`;
    });
    return `Preview for #${preview.pr}: ${parts.join('; ')}.${describeImpactHeadline(previews)}`;
  }
  const deleted = previews.reduce(
    (sum, c) =>
      sum + (c.environments ?? []).filter((e) => e.action === 'delete' && e.status === 'applied').length,
    0,
  );
  const branches = describeDeletedBranches(previews);
  if (preview?.kind === 'close') {
    return deleted === 0
      ? `Pull request #${preview.pr} had no preview environment left to delete.${branches}`
      : `Deleted ${plural(deleted, 'preview environment')} of closed pull request #${preview.pr}.${branches}`;
  }
  return deleted === 0
    ? `No preview environment of a closed pull request was left to delete.${branches}`
    : `Deleted ${plural(deleted, 'preview environment')} of closed pull requests.${branches}`;
}

/** `result.impact` (README, "Outputs"): what the SPEC names, absent values as null. */
export function buildImpactOutput(impact: ImpactResult) {
  const { content, model } = impact.comparison;
  return {
    refreshed: impact.isRefreshed,
    newIssues: content.new.map((issue) => ({
      document: issue.documentName,
      identifier: issue.identifier,
      query: issue.queryName,
      message: issue.message,
    })),
    newModelIssues: model.new.map((issue) => ({ message: issue.message, where: issue.where })),
    existing: content.existing.length + model.existing.length,
    resolved: content.resolved.length + model.resolved.length,
    atRisk: impact.atRisk.map((entry) => ({
      model: entry.model,
      dashboards: entry.dashboards.map((dashboard) => ({ name: dashboard.name, url: dashboard.url })),
    })),
  };
}

/** The `result` output as JSON, whole (the CLI's --json; the action fits it first, result-fit.ts). */
export function buildResultOutput(report: RunReport): string {
  return JSON.stringify(buildResultObject(report));
}

/** The `result` output: every selected connection once, absent values as null (README, "Outputs"). */
export function buildResultObject(report: RunReport): Record<string, unknown> {
  return {
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
      ...(c.schedules === undefined
        ? {}
        : {
            schedules: c.schedules.map((schedule) => ({
              name: schedule.name,
              schedule: schedule.schedule,
              timezone: schedule.timezone,
              disabled: schedule.isDisabled,
              action: schedule.action,
              status: schedule.status,
              error: schedule.error ?? null,
              changes: schedule.changes.map(({ field, from, to }) => ({
                field,
                from: from ?? null,
                to: to ?? null,
              })),
            })),
          }),
      ...(c.isPreview ? { preview: true } : {}),
      ...(c.impact === undefined ? {} : { impact: buildImpactOutput(c.impact) }),
    })),
    ...(report.exposures === undefined ? {} : { exposures: buildExposuresResult(report.exposures) }),
  };
}
