// The log of a `mode: exposures` run (README, "dbt exposures"): a group per model with its counts and
// error, then the file's result and the exposures it adds, removes and changes, all written through the
// run's ActionLog (redacted, escaped for the workflow-command protocol).
import type { ExposureChange } from '../core/plan/exposures-diff.js';
import { describeExposureCounts } from '../core/report/exposures.js';
import type { RunReport } from '../core/run/types.js';
import type { ActionLog } from './log.js';

export function logExposures(log: ActionLog, report: RunReport): void {
  const { exposures } = report;
  if (exposures === undefined) return;
  for (const model of exposures.models) {
    const counts = model.status === 'read' ? `: ${describeExposureCounts(model)}` : ` → ${model.status}`;
    log.startGroup(`Model ${model.modelId}${counts}`);
    if (model.error !== undefined) {
      const say = model.status === 'failed' ? log.error : log.info;
      say(`Model ${model.modelId}: ${model.error}${model.hint === undefined ? '' : ` ${model.hint}`}`);
    }
    log.endGroup();
  }
  if (exposures.error !== undefined) log.error(exposures.error);
  const logChanges = (what: string, changes: readonly ExposureChange[]) => {
    if (changes.length === 0) return;
    log.startGroup(`Exposures ${what} (${changes.length})`);
    for (const change of changes)
      log.info(`  ${change.name}${change.label === undefined ? '' : ` (${change.label})`}`);
    log.endGroup();
  };
  logChanges('added', exposures.added);
  logChanges('removed', exposures.removed);
  logChanges('changed', exposures.updated);
}
