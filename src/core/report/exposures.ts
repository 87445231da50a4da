// Pure: what a `mode: exposures` run reports (README, "dbt exposures"): its verdict and counts, its part of
// the `result` output, and its section of the job summary. Every front end counts through
// summariseExposuresOutcome, so the summary, the outputs and the terminal agree.
import type { ExposureChange } from '../plan/exposures-diff.js';
import { plural } from '../plural.js';
import type { ExposuresReport, ModelExposuresResult } from '../run/exposures.js';
import type { RunReport } from '../run/types.js';
import type { Redactor } from '../secrets.js';
import { escapeHtmlText, escapeMarkdownText, formatCodeSpan } from './markdown-text.js';
import type { RunOutcome } from './outcome.js';

/** Exposures the write adds, removes or changes: the `changed` output of `mode: exposures`. */
export function countChangedExposures(exposures: ExposuresReport): number {
  return exposures.added.length + exposures.removed.length + exposures.updated.length;
}

/** "17 exposures from 20 dashboards (3 without dbt models)". */
export function describeExposureCounts(
  exposures: Pick<ExposuresReport, 'written' | 'dashboards' | 'withoutDbtModels'>,
): string {
  return `${plural(exposures.written, 'exposure')} from ${plural(exposures.dashboards, 'dashboard')} (${exposures.withoutDbtModels} without dbt models)`;
}

/** "2 added, 0 removed, 1 changed", or what stands in for it when only the form differed. */
export function describeExposureChanges(exposures: ExposuresReport): string {
  if (!exposures.isPreviousReadable) {
    return `the file there was not an exposures file, so all ${exposures.added.length} count as added`;
  }
  if (countChangedExposures(exposures) === 0) return 'no exposure changed, only the form of the file';
  return `${exposures.added.length} added, ${exposures.removed.length} removed, ${exposures.updated.length} changed`;
}

function describeFailure(exposures: ExposuresReport): string {
  if (exposures.error !== undefined) return exposures.error;
  const failed = exposures.models.filter((model) => model.status === 'failed').length;
  return `${failed} of ${plural(exposures.models.length, 'model')} could not be read, so ${exposures.path} was not written: it is written only from every model read whole.`;
}

function describeResult(exposures: ExposuresReport): string {
  const { path } = exposures;
  switch (exposures.status) {
    case 'written':
      return exposures.hadFile
        ? `Wrote ${path}: ${describeExposureCounts(exposures)}; ${describeExposureChanges(exposures)}.`
        : `Wrote ${path}, a new file: ${describeExposureCounts(exposures)}.`;
    case 'unchanged':
      return `${path} is up to date: ${describeExposureCounts(exposures)}.`;
    case 'drifted':
      if (!exposures.hadFile) {
        return `${path} does not exist yet, and a drift check writes nothing: ${describeExposureCounts(exposures)} in Omni.`;
      }
      return `${path} is out of date (${describeExposureChanges(exposures)}), and a drift check writes nothing: ${describeExposureCounts(exposures)} in Omni.`;
    case 'printed':
      return `Printed the exposures file: ${describeExposureCounts(exposures)}.`;
    case 'failed':
      return describeFailure(exposures);
  }
}

/** The verdict of a `mode: exposures` run: `changed` counts exposures, `failed` models (README, "dbt exposures"). */
export function summariseExposuresOutcome(report: RunReport): RunOutcome {
  const errorCount = report.issues.filter((issue) => issue.severity === 'error').length;
  const { exposures } = report;
  const changed = exposures === undefined ? 0 : countChangedExposures(exposures);
  const failed = exposures?.models.filter((model) => model.status === 'failed').length ?? 0;
  const hasChanges = exposures?.isChanged === true;
  let headline: string;
  if (errorCount > 0) {
    headline = `${plural(errorCount, 'error')} in ${report.configPath}; nothing was sent to Omni.`;
  } else if (report.isCancelled) {
    headline = 'The run was cancelled; the exposures file was not written.';
  } else if (report.fatalError !== undefined) {
    headline = report.fatalError;
  } else if (exposures === undefined) {
    headline = 'mode: exposures did not run.';
  } else {
    headline = describeResult(exposures);
  }
  const isFailure =
    errorCount > 0 ||
    report.isCancelled ||
    report.fatalError !== undefined ||
    exposures === undefined ||
    exposures.status === 'failed' ||
    exposures.status === 'drifted';
  return { changed, failed, hasChanges, isFailure, headline };
}

/** The `exposures` part of the `result` output: names only, titles stay in the file. */
export function buildExposuresResult(exposures: ExposuresReport): Record<string, unknown> {
  const names = (changes: readonly ExposureChange[]) => changes.map((change) => change.name);
  return {
    path: exposures.path,
    status: exposures.status,
    changed: exposures.isChanged,
    dashboards: exposures.dashboards,
    written: exposures.written,
    withoutDbtModels: exposures.withoutDbtModels,
    added: names(exposures.added),
    removed: names(exposures.removed),
    updated: names(exposures.updated),
    models: exposures.models.map((model) => ({
      id: model.modelId,
      status: model.status,
      dashboards: model.dashboards,
      written: model.written,
      withoutDbtModels: model.withoutDbtModels,
      httpStatus: model.httpStatus ?? null,
      error: model.error ?? null,
    })),
  };
}

const FILE_STATUS_LABEL = {
  written: '✅ written',
  unchanged: '✔️ unchanged',
  drifted: '❌ out of date, not written',
  printed: '✅ printed',
  failed: '❌ not written',
} as const;

const MODEL_STATUS_LABEL = { read: '✅ read', failed: '❌ failed', skipped: '⏭️ skipped' } as const;

/** The most names each list of the summary shows; the `result` output has them all. */
export const SUMMARY_NAMES_SHOWN = 50;

function renderModelRow(model: ModelExposuresResult): string {
  const count = (value: number) => (model.status === 'read' ? String(value) : '—');
  return `| ${formatCodeSpan(model.modelId, { isInTable: true })} | ${count(model.dashboards)} | ${count(model.written)} | ${count(model.withoutDbtModels)} | ${MODEL_STATUS_LABEL[model.status]} | ${model.httpStatus ?? '—'} |`;
}

function renderChangeList(title: string, changes: readonly ExposureChange[]): string {
  if (changes.length === 0) return '';
  const shown = changes.slice(0, SUMMARY_NAMES_SHOWN).map((change) => {
    const label = change.label === undefined ? '' : ` ${escapeMarkdownText(change.label)}`;
    return `- ${formatCodeSpan(change.name, { isInTable: false })}${label}`;
  });
  const rest = changes.length - shown.length;
  const more = rest > 0 ? [`- … and ${rest} more (the \`result\` output lists them all)`] : [];
  return `<details><summary>${escapeHtmlText(`${title} (${changes.length})`)}</summary>\n\n${[...shown, ...more].join('\n')}\n\n</details>`;
}

/**
 * The summary's section of a `mode: exposures` run: the file's result, the counts in all and per model,
 * what the write adds, removes and changes (titles escaped), and each model's error with how to fix it.
 */
export function renderExposuresSection(exposures: ExposuresReport, redactor: Redactor): string {
  const parts = [
    `**File:** ${formatCodeSpan(exposures.path, { isInTable: false })} — ${FILE_STATUS_LABEL[exposures.status]}`,
  ];
  if (exposures.models.every((model) => model.status === 'read')) {
    parts.push(
      `**Exposures:** ${describeExposureCounts(exposures)}, over ${plural(exposures.models.length, 'model')}.`,
    );
  }
  if ((exposures.status === 'written' || exposures.status === 'drifted') && exposures.hadFile) {
    parts.push(
      `**Against the file in the workspace:** ${escapeMarkdownText(describeExposureChanges(exposures))}.`,
    );
  }
  parts.push(
    [
      '| Model | Dashboards | Exposures | Without dbt models | Result | HTTP |',
      '| --- | --- | --- | --- | --- | --- |',
      ...exposures.models.map(renderModelRow),
    ].join('\n'),
  );
  for (const model of exposures.models.filter((m) => m.status === 'failed')) {
    const hint = model.hint === undefined ? '' : `\n\n**How to fix:** ${escapeMarkdownText(model.hint)}`;
    parts.push(
      `> [!CAUTION]\n> ${formatCodeSpan(model.modelId, { isInTable: false })}: ${escapeMarkdownText(redactor.cut(model.error ?? '', 599))}${hint}`,
    );
  }
  if (exposures.error !== undefined) parts.push(`> [!CAUTION]\n> ${escapeMarkdownText(exposures.error)}`);
  parts.push(
    ...[
      renderChangeList('Added', exposures.added),
      renderChangeList('Removed', exposures.removed),
      renderChangeList('Changed', exposures.updated),
    ].filter((part) => part !== ''),
  );
  return parts.join('\n\n');
}
