// The impact check on the runner (README, "Impact on Omni", "Report"): its lines in the connection's log
// group, and a warning annotation on each changed dbt model file whose dashboards are at risk, naming them.
// Written through the run's ActionLog, so redacted and escaped like every other line.
import {
  describeAtRiskAnnotation,
  describeBranchResult,
  describeImpactLogLines,
} from '../core/report/impact-lines.js';
import type { ConnectionResult, RunReport } from '../core/run/types.js';
import type { ActionLog } from './log.js';

/** The branch and the impact check of one connection, inside its log group. */
export function logImpact(log: ActionLog, connection: ConnectionResult): void {
  for (const branch of connection.branches ?? []) log.info(`  ${describeBranchResult(branch)}`);
  if (connection.impact === undefined) return;
  for (const line of describeImpactLogLines(connection.impact)) log.info(line);
}

/** One warning per changed model file with dashboards at risk (GitHub shows the first ten of a step). */
export function annotateAtRisk(log: ActionLog, report: RunReport): void {
  for (const connection of report.connections) {
    const impact = connection.impact;
    if (impact === undefined) continue;
    for (const { model, files } of impact.modelFiles) {
      const dashboards = impact.atRisk.find((entry) => entry.model === model)?.dashboards ?? [];
      for (const file of files) {
        log.warning(describeAtRiskAnnotation(model, dashboards), {
          title: 'omni-dbt: dashboards at risk',
          file,
        });
      }
    }
  }
}
