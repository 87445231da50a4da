// What `omni-dbt exposures` prints (README, "dbt exposures"): the file's issues, then per model what was
// read, the exposures the file adds, removes and changes (titles escaped for the terminal), and the
// verdict. main.ts prints it (or the action's `result` JSON with --json) as it prints every run.
import type { ExposureChange } from '../core/plan/exposures-diff.js';
import { describeExposureCounts } from '../core/report/exposures.js';
import { summariseOutcome } from '../core/report/outcome.js';
import type { ModelExposuresResult } from '../core/run/exposures.js';
import type { RunReport } from '../core/run/types.js';
import { escapeTerminalText, type Palette } from './render-terminal.js';

function renderModel(model: ModelExposuresResult, palette: Palette): string[] {
  const id = escapeTerminalText(model.modelId);
  if (model.status === 'read') return [`  model ${id}: ${describeExposureCounts(model)}`];
  const status = model.httpStatus === undefined ? '' : ` (HTTP ${model.httpStatus})`;
  const heading =
    model.status === 'failed'
      ? `  ${palette.red(`! failed${status}`)}  model ${palette.bold(id)}`
      : `  ${palette.dim(`- skipped  model ${id}`)}`;
  const lines = [heading];
  if (model.error !== undefined) {
    lines.push(`      ${palette.red('error:')} ${escapeTerminalText(model.error)}`);
  }
  if (model.hint !== undefined)
    lines.push(`      ${palette.bold('hint:')} ${escapeTerminalText(model.hint)}`);
  return lines;
}

function renderChanges(
  mark: string,
  changes: readonly ExposureChange[],
  colour: (text: string) => string,
): string[] {
  return changes.map((change) => {
    // As JSON: a title's line breaks and tabs then show as `\n`, `\t`, and keep to its line.
    const label = change.label === undefined ? '' : `  ${escapeTerminalText(JSON.stringify(change.label))}`;
    return `  ${colour(`${mark} ${escapeTerminalText(change.name)}`)}${label}`;
  });
}

/** The report as terminal text, ending in a newline (issues apart). */
export function renderExposuresTerminalReport(report: RunReport, palette: Palette): string {
  const outcome = summariseOutcome(report);
  const lines: string[] = [];
  const { exposures } = report;
  if (exposures !== undefined) {
    lines.push(
      palette.bold(
        `Omni dbt exposures of ${escapeTerminalText(report.configPath)} → ${escapeTerminalText(exposures.path)}`,
      ),
      '',
      ...exposures.models.flatMap((model) => renderModel(model, palette)),
    );
    if (exposures.error !== undefined)
      lines.push(`  ${palette.red('error:')} ${escapeTerminalText(exposures.error)}`);
    const changes = [
      ...renderChanges('+', exposures.added, palette.green),
      ...renderChanges('-', exposures.removed, palette.red),
      ...renderChanges('~', exposures.updated, palette.yellow),
    ];
    if (changes.length > 0) lines.push('', ...changes);
    lines.push('');
  }
  const text = escapeTerminalText(outcome.headline);
  lines.push(outcome.isFailure ? palette.red(text) : palette.bold(text));
  return `${lines.join('\n')}\n`;
}
