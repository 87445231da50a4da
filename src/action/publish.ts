// The thin, effectful edge of reporting: annotations, log groups, outputs and the job summary, all written
// through the run's ActionLog (redacted, escaped for the workflow-command protocol).
import type { ConfigIssue } from '../core/config/types.js';
import { renderReportMarkdown, SUMMARY_LIMIT_BYTES } from '../core/report/markdown.js';
import { buildResultOutput, type RunOutcome } from '../core/report/outcome.js';
import type { RunReport } from '../core/run/types.js';
import type { Redactor } from '../core/secrets.js';
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

/** A log group per connection, in the file's order, with its diff and error. */
export function logConnections(log: ActionLog, report: RunReport): void {
  // mode: exposures reads no connection: its groups are the models' (logExposures).
  if (report.mode === 'exposures') return;
  for (const c of report.connections) {
    const label = `${c.name ?? c.connectionId} (${c.connectionId}): ${c.action ?? '—'} → ${c.status}`;
    log.startGroup(label);
    for (const change of c.changes) {
      const from = c.action === 'create' ? '(not configured)' : JSON.stringify(change.from ?? null);
      log.info(`  ${change.field}: ${from} → ${JSON.stringify(change.to ?? null)}`);
    }
    // A preview result is about its environment alone: the settings were not read.
    if (c.changes.length === 0 && c.error === undefined && c.isPreview !== true) {
      log.info('  no setting differs');
    }
    for (const environment of c.environments ?? []) {
      log.info(`  environment ${environment.name}: ${environment.action} → ${environment.status}`);
      for (const change of environment.changes) {
        log.info(
          `    ${change.field}: ${JSON.stringify(change.from ?? null)} → ${JSON.stringify(change.to ?? null)}`,
        );
      }
      if (environment.error !== undefined) log.info(`    ${environment.error}`);
    }
    for (const warning of c.warnings ?? []) log.warning(`${c.name ?? c.connectionId}: ${warning}`);
    if (c.error !== undefined)
      log.error(`${c.name ?? c.connectionId}: ${c.error}${c.hint ? ` ${c.hint}` : ''}`);
    log.endGroup();
  }
}

export function setRunOutputs(log: ActionLog, report: RunReport, outcome: RunOutcome): void {
  log.setOutput('changed', String(outcome.changed));
  log.setOutput('failed', String(outcome.failed));
  log.setOutput('has-changes', String(outcome.hasChanges));
  // Whether the exposures file built from Omni differs from the workspace's: false in the other modes.
  log.setOutput('exposures-changed', String(report.exposures?.isChanged === true));
  log.setOutput('result', buildResultOutput(report));
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
