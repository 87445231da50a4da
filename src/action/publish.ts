// The thin, effectful edge of reporting: annotations, log groups, outputs and the job summary.
import * as core from '@actions/core';
import type { ConfigIssue } from '../core/config/types.js';
import { renderReportMarkdown, SUMMARY_LIMIT_CHARS } from '../core/report/markdown.js';
import { buildResultOutput, type RunOutcome } from '../core/report/outcome.js';
import type { RunReport } from '../core/run/types.js';

/** One annotation per issue, on the config file's line and column (GitHub shows ten per step). */
export function annotateIssues(issues: ConfigIssue[], annotationPath: string): void {
  for (const issue of issues) {
    const properties: core.AnnotationProperties = {
      title: `omni-dbt: ${issue.field}`,
      file: annotationPath,
      startLine: issue.line,
      startColumn: issue.column,
    };
    if (issue.severity === 'error') core.error(issue.message, properties);
    else core.warning(issue.message, properties);
  }
}

/** A log group per connection, in the file's order, with its diff and error. */
export function logConnections(report: RunReport): void {
  for (const c of report.connections) {
    const label = `${c.name ?? c.connectionId} (${c.connectionId}): ${c.action ?? '—'} → ${c.status}`;
    core.startGroup(label);
    for (const change of c.changes) {
      const from = c.action === 'create' ? '(not configured)' : JSON.stringify(change.from ?? null);
      core.info(`  ${change.field}: ${from} → ${JSON.stringify(change.to ?? null)}`);
    }
    // A preview result is about its environment alone: the settings were not read.
    if (c.changes.length === 0 && c.error === undefined && c.isPreview !== true) {
      core.info('  no setting differs');
    }
    for (const environment of c.environments ?? []) {
      core.info(`  environment ${environment.name}: ${environment.action} → ${environment.status}`);
      for (const change of environment.changes) {
        core.info(
          `    ${change.field}: ${JSON.stringify(change.from ?? null)} → ${JSON.stringify(change.to ?? null)}`,
        );
      }
      if (environment.error !== undefined) core.info(`    ${environment.error}`);
    }
    for (const warning of c.warnings ?? []) core.warning(`${c.name ?? c.connectionId}: ${warning}`);
    if (c.error !== undefined)
      core.error(`${c.name ?? c.connectionId}: ${c.error}${c.hint ? ` ${c.hint}` : ''}`);
    core.endGroup();
  }
}

export function setRunOutputs(report: RunReport, outcome: RunOutcome): void {
  core.setOutput('changed', String(outcome.changed));
  core.setOutput('failed', String(outcome.failed));
  core.setOutput('has-changes', String(outcome.hasChanges));
  core.setOutput('result', buildResultOutput(report));
}

export async function writeJobSummary(report: RunReport): Promise<void> {
  const markdown = renderReportMarkdown(report, {
    maxChars: SUMMARY_LIMIT_CHARS - 1024,
    fullPlanLocation: 'the `result` output and the log groups of this step',
  });
  await core.summary.addRaw(markdown).write();
}
