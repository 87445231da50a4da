// The invariants every run must keep, whatever Omni and the network did (README, "Outputs", "Exit status" and "What a run does"), checked from
// what a user sees (the `result` output, the job summary, the counts, the verdict) against what the
// sandbox saw and holds. Pure: returns the violations, so a soak can collect them and a unit test can
// show each one firing.
import type { DbtPutBody } from '../../src/core/omni/dbt.js';
import type { ConnectionStatus, Mode } from '../../src/core/run/types.js';

/** One request as the sandbox logged it (`sandbox.requests`). */
export interface ObservedRequest {
  method: string;
  connectionId: string | null;
  /** 0 for a reset or hung request. */
  status: number;
}

export interface RunObservation {
  mode: Mode;
  /** The connections the run must account for, ids as written in the file, in file order. */
  expectedIds: string[];
  /** The body the run would PUT, by id as written in the file (rotateKeys aside). */
  desiredBodies: Record<string, DbtPutBody>;
  failOnChanges: boolean;
  hasValidationErrors: boolean;
  /** The run was stopped from outside (cancellation) before it ended. */
  wasCancelled: boolean;
  /** The client received a 401 from Omni. */
  sawUnauthorized: boolean;
  /** The `result` output as published. */
  resultOutput: string;
  /** The job summary markdown. */
  summary: string;
  counts: { changed: number; failed: number; hasChanges: boolean };
  /** The verdict: `isFailure` in process, exit code ≠ 0 for the built action. */
  isFailure: boolean;
  /** The sandbox's log of this run's requests. */
  requests: ObservedRequest[];
  /** The sandbox's stored dbt settings now: null when not configured, undefined when no such connection. */
  readDbtState: (connectionId: string) => object | null | undefined;
  /** Strings that must appear nowhere (the Omni token). */
  secrets: string[];
  /** Every other text the run produced: log lines, errors, retry messages. */
  texts: { where: string; text: string }[];
}

const STATUSES: Record<Mode, ConnectionStatus[]> = {
  apply: ['applied', 'unchanged', 'failed', 'skipped'],
  'dry-run': ['planned', 'unchanged', 'failed', 'skipped'],
  preview: ['applied', 'unchanged', 'failed', 'skipped'],
  // mode: exposures reads no connection: each is listed, skipped.
  exposures: ['skipped'],
  // A refreshed connection is applied, one without omniModels (or refreshed per branch) skipped.
  refresh: ['applied', 'failed', 'skipped'],
};
const ACTIONS = ['create', 'update', 'unchanged'];
const SUMMARY_TABLE_HEADER = '| Connection | Id | Action | Result | HTTP |';

interface ResultConnection {
  id: string;
  action: string | null;
  status: string;
  error: string | null;
}

/** Reads the `result` output, or says why it cannot be read. */
function parseResult(text: string): { mode: unknown; connections: ResultConnection[] } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `the result output is not JSON: ${text.slice(0, 80)}`;
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray((value as { connections?: unknown }).connections)
  ) {
    return 'the result output has no connections list';
  }
  return value as { mode: unknown; connections: ResultConnection[] };
}

/** The rows of the summary's connection table: id and the text of the Result cell. */
function readSummaryRows(summary: string): { id: string; result: string }[] {
  const lines = summary.split('\n');
  const start = lines.indexOf(SUMMARY_TABLE_HEADER);
  if (start === -1) return [];
  const rows: { id: string; result: string }[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    // Cells are split on pipes the renderer did not escape.
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const id = /^`(.+)`$/.exec(cells[2] ?? '')?.[1];
    rows.push({ id: id ?? `(unreadable row: ${line})`, result: cells[4] ?? '' });
  }
  return rows;
}

/** Omni's equivalences (README, "What a run does"): projectRootPath "" is null, dbtVersion null is "Auto". */
function normaliseSetting(field: string, value: unknown): unknown {
  if (field === 'projectRootPath' && value === '') return null;
  if (field === 'dbtVersion' && (value === null || value === undefined)) return 'Auto';
  return value;
}

/** The fields where the stored state differs from the desired body; dbtVersion only when the file sets it. */
function diffStoredState(desired: DbtPutBody, stored: Record<string, unknown>): string[] {
  const fields = Object.keys(desired).filter((field) => field !== 'rotateKeys');
  return fields.filter(
    (field) =>
      normaliseSetting(field, stored[field]) !== normaliseSetting(field, desired[field as keyof DbtPutBody]),
  );
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Checks one run; an empty list means every invariant held. */
export function checkRunInvariants(run: RunObservation): string[] {
  const violations: string[] = [];
  const report = (message: string) => violations.push(message);

  for (const secret of run.secrets) {
    const where = [
      { where: 'result output', text: run.resultOutput },
      { where: 'summary', text: run.summary },
      ...run.texts,
    ].filter((item) => item.text.includes(secret));
    for (const item of where) report(`the token appears in the ${item.where}`);
  }

  const ownRequests = run.requests.filter((r) => r.connectionId !== null);
  if (run.hasValidationErrors && ownRequests.length > 0) {
    report(`the file has errors, yet ${ownRequests.length} request(s) reached Omni`);
  }
  if (run.mode === 'dry-run') {
    const puts = ownRequests.filter((r) => r.method === 'PUT');
    if (puts.length > 0) report(`a dry-run sent ${puts.length} PUT(s) to Omni`);
  }

  const parsed = parseResult(run.resultOutput);
  if (typeof parsed === 'string') {
    report(parsed);
    return violations;
  }
  if (parsed.mode !== run.mode)
    report(`the result says mode ${String(parsed.mode)}, the run was ${run.mode}`);
  const results = parsed.connections;

  // Each selected connection exactly once, nothing else, in the file's order.
  const resultCounts = countBy(results, (c) => c.id);
  for (const id of run.expectedIds) {
    const count = resultCounts.get(id) ?? 0;
    if (count !== 1) report(`the result lists connection ${id} ${count} times`);
  }
  for (const id of resultCounts.keys()) {
    if (!run.expectedIds.includes(id)) report(`the result lists connection ${id}, which was not selected`);
  }
  const resultOrder = results.map((c) => c.id).join(',');
  if (resultCounts.size === results.length && resultOrder !== run.expectedIds.join(',')) {
    report('the result does not list the connections in the file’s order');
  }

  for (const c of results) {
    if (!STATUSES[run.mode].includes(c.status as ConnectionStatus)) {
      report(`connection ${c.id} has status ${c.status}, not one a ${run.mode} can give`);
    }
    if (['applied', 'planned', 'unchanged'].includes(c.status) && !ACTIONS.includes(String(c.action))) {
      report(`connection ${c.id} is ${c.status} without a plan action`);
    }
    if ((c.status === 'failed' || c.status === 'skipped') && !c.error) {
      report(`connection ${c.id} is ${c.status} without an error saying why`);
    }
  }

  // A file with errors is planned not at all: every selected connection is listed skipped, and the
  // summary shows no table.
  if (run.hasValidationErrors) {
    for (const c of results) {
      if (c.status !== 'skipped') report(`connection ${c.id} is ${c.status}, though the file has errors`);
    }
  }

  // The summary's table: one row per selected connection, with the same status.
  const rows = run.hasValidationErrors ? [] : readSummaryRows(run.summary);
  const rowCounts = countBy(rows, (row) => row.id);
  for (const id of run.hasValidationErrors ? [] : run.expectedIds) {
    const count = rowCounts.get(id) ?? 0;
    if (count !== 1) report(`the summary table has ${count} rows for connection ${id}`);
  }
  for (const row of rows) {
    if (!run.expectedIds.includes(row.id)) report(`the summary table has a row for ${row.id}, not selected`);
    const status = results.find((c) => c.id === row.id)?.status;
    if (status !== undefined && !row.result.includes(status)) {
      report(`the summary shows ${row.id} as "${row.result}", the result says ${status}`);
    }
  }

  // Counts and verdict (README, "Outputs" and "Exit status").
  const changedStatus = run.mode === 'apply' ? 'applied' : 'planned';
  const changed = results.filter((c) => c.status === changedStatus).length;
  const failed = results.filter((c) => c.status === 'failed').length;
  const skipped = results.filter((c) => c.status === 'skipped').length;
  if (run.counts.changed !== changed) report(`changed is ${run.counts.changed}, the result has ${changed}`);
  if (run.counts.failed !== failed) report(`failed is ${run.counts.failed}, the result has ${failed}`);
  if (run.counts.hasChanges !== changed > 0)
    report(`has-changes is ${run.counts.hasChanges}, changed is ${changed}`);
  const isExpectedFailure =
    run.hasValidationErrors ||
    failed > 0 ||
    skipped > 0 ||
    run.wasCancelled ||
    run.sawUnauthorized ||
    (run.failOnChanges && run.mode === 'dry-run' && changed > 0);
  if (run.isFailure !== isExpectedFailure) {
    report(
      `the run ${run.isFailure ? 'failed' : 'passed'}, the README's "Exit status" says it should ${isExpectedFailure ? 'fail' : 'pass'}`,
    );
  }

  // What the result claims about Omni must be true of Omni.
  for (const c of results) {
    if (c.status !== 'applied' && c.status !== 'unchanged') continue;
    const desired = run.desiredBodies[c.id];
    const stored = run.readDbtState(c.id);
    if (desired === undefined) continue;
    if (stored === null || stored === undefined) {
      report(`connection ${c.id} is ${c.status}, but Omni has no dbt configuration for it`);
      continue;
    }
    const differing = diffStoredState(desired, stored as Record<string, unknown>);
    if (differing.length > 0) {
      report(`connection ${c.id} is ${c.status}, but Omni's ${differing.join(', ')} differ from the file`);
    }
    if (c.status === 'applied') {
      const id = c.id.toLowerCase();
      const isPutAnswered = ownRequests.some(
        (r) =>
          r.method === 'PUT' && r.connectionId?.toLowerCase() === id && r.status >= 200 && r.status < 300,
      );
      if (!isPutAnswered) report(`connection ${c.id} is applied, but no PUT for it was answered 2xx`);
    }
  }
  return violations;
}
