// The thin, effectful edge of reporting: annotations, log groups, outputs and the job summary, all written
// through the run's ActionLog (redacted, escaped for the workflow-command protocol).
import type { ConfigIssue } from '../core/config/types.js';
import { renderReportMarkdown, SUMMARY_LIMIT_BYTES } from '../core/report/markdown.js';
import {
  buildResultObject,
  describeOutcome,
  describeSettings,
  joinErrorAndHint,
  type RunOutcome,
} from '../core/report/outcome.js';
import { fitResultOutput } from '../core/report/result-fit.js';
import { listConnectionParts } from '../core/run/parts.js';
import type { RunReport } from '../core/run/types.js';
import { type Redactor, redactStrings } from '../core/secrets.js';
import { logImpact } from './impact-publish.js';
import type { ActionLog } from './log.js';

/** One annotation per issue, on the config file's line and column (GitHub shows ten per step). */
export function annotateIssues(log: ActionLog, issues: ConfigIssue[], annotationPath: string): void {
  for (const issue of issues) {
    const properties = {
      title: `omni-dbt: ${issue.field}`,
      file: annotationPath,
      startLine: issue.line,
      startColumn: issue.column,
    };
    if (issue.severity === 'error') log.error(issue.message, properties);
    else log.warning(issue.message, properties);
  }
}

/**
 * A log group per connection, in the file's order: what became of it as a whole, then beneath it its
 * settings and each of its parts (environments, …), each with its changes, in the words of the count line.
 */
export function logConnections(log: ActionLog, report: RunReport): void {
  // mode: exposures reads no connection: its groups are the models' (logExposures).
  if (report.mode === 'exposures') return;
  const { mode } = report;
  const show = (value: unknown) => JSON.stringify(value ?? null);
  for (const c of report.connections) {
    const who = c.name ?? c.connectionId;
    log.startGroup(`${who} (${c.connectionId}): ${describeOutcome(c, mode)}`);
    const settings = describeSettings(c, mode);
    if (settings !== undefined) log.info(`  ${settings}`);
    for (const change of c.changes) {
      const from = c.action === 'create' ? '(not configured)' : show(change.from);
      log.info(`    ${change.field}: ${from} → ${show(change.to)}`);
    }
    for (const { kind, parts } of listConnectionParts(c)) {
      for (const part of parts) {
        log.info(`  ${kind.noun} ${part.name}: ${describeOutcome(part, mode)}`);
        for (const change of part.changes) {
          log.info(`    ${change.field}: ${show(change.from)} → ${show(change.to)}`);
        }
        if (part.note !== undefined) log.info(`    note: ${part.note}`);
        if (part.error !== undefined) log.info(`    error: ${part.error}`);
      }
    }
    logImpact(log, c);
    for (const warning of c.warnings ?? []) log.warning(`${who}: ${warning}`);
    // A connection that failed is an error; one skipped says why in its group, not as another annotation
    // (the run's own error already says what stopped it, and GitHub shows ten annotations a step).
    if (c.error !== undefined && c.status === 'skipped') log.info(`  ${c.error}`);
    else if (c.error !== undefined) log.error(`${who}: ${joinErrorAndHint(c.error, c.hint)}`);
    log.endGroup();
  }
}

export function setRunOutputs(log: ActionLog, report: RunReport, outcome: RunOutcome): void {
  log.setOutput('changed', String(outcome.changed));
  log.setOutput('failed', String(outcome.failed));
  log.setOutput('has-changes', String(outcome.hasChanges));
  // Whether the exposures file built from Omni differs from the workspace's: false in the other modes.
  log.setOutput('exposures-changed', String(report.exposures?.isChanged === true));
  // Redacted before it is measured, as the summary is: a redaction may change a value's length.
  const result = fitResultOutput(redactStrings(buildResultObject(report), log.redactor));
  log.setOutput('result', result.text);
  if (result.omitted > 0) {
    log.warning(
      `result: ${result.omitted.toLocaleString('en-US')} entries of its longest lists (new issues, dashboards at risk, exposures' names) were left out to keep it within GitHub's 1 MiB for a job's outputs; each list's "omitted" counts its own, and this step's log has them all.`,
    );
  }
}

/** The job summary's markdown: redacted, and within GitHub's 1 MiB (bytes) with room to spare. */
export function renderJobSummary(report: RunReport, redactor: Redactor): string {
  return renderReportMarkdown(report, {
    maxBytes: SUMMARY_LIMIT_BYTES - 1024,
    fullPlanLocation: 'the `result` output and the log groups of this step',
    redactor,
  });
}

export async function writeJobSummary(log: ActionLog, report: RunReport): Promise<void> {
  await log.writeSummary(renderJobSummary(report, log.redactor));
}
