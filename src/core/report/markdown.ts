// Pure rendering of a run into the markdown shown in the job summary and the PR comment (README, "What a
// run does"). Every value from outside is written through markdown-text.ts, and the text is redacted
// before it is measured or cut.
import { formatIssue } from '../config/load.js';
import type { EnvironmentChange } from '../plan/environments.js';
import type { FieldChange } from '../plan/types.js';
import type { ConnectionResult, EnvironmentResult, RunReport } from '../run/types.js';
import type { Redactor } from '../secrets.js';
import { renderExposuresSection } from './exposures.js';
import { escapeHtmlText, escapeMarkdownText, formatCodeBlock, formatCodeSpan } from './markdown-text.js';
import { countConnections, countEnvironments, summariseOutcome } from './outcome.js';

/**
 * GitHub's limits: a step summary holds 1 MiB, counted in bytes (the runner refuses more: "supports content
 * up to a size of 1024k", https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary),
 * a comment body 65,536 characters.
 */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const COMMENT_LIMIT_CHARS = 65_536;

export interface RenderOptions {
  /** The rendered text stays within this many characters (string length; GitHub counts a comment so). */
  maxChars?: number;
  /** …and within this many bytes of UTF-8 (as GitHub counts a step summary). */
  maxBytes?: number;
  /** Where the full plan can be read when this rendering had to leave parts out. */
  fullPlanLocation: string;
  /** The run's redactor: the text is redacted before it is measured or cut. */
  redactor: Redactor;
}

const ACTION_LABEL = {
  create: '🆕 create',
  update: '✏️ update',
  unchanged: 'unchanged',
  delete: '🗑️ delete',
} as const;
const STATUS_LABEL = {
  applied: '✅ applied',
  planned: '📝 planned',
  unchanged: '✔️ unchanged',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
} as const;
const ENVIRONMENT_ACTION_LABEL = {
  create: '🆕 create',
  update: '✏️ update',
  unchanged: 'unchanged',
  delete: '🗑️ delete',
  unmanaged: 'unmanaged',
} as const;
const ENVIRONMENT_STATUS_LABEL = { ...STATUS_LABEL, unmanaged: '— not in the file' } as const;

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '_null_';
  return formatCodeSpan(JSON.stringify(value), { isInTable: true });
}

function formatCellCode(text: string): string {
  return formatCodeSpan(text, { isInTable: true });
}

function displayName(connection: ConnectionResult): string {
  return connection.name ?? connection.connectionId;
}

function renderConnectionTable(report: RunReport): string {
  const rows = report.connections.map((c) => {
    const action = c.action === undefined ? '—' : ACTION_LABEL[c.action];
    const rotation = c.rotateKeys ? ' 🔑' : '';
    return `| ${escapeMarkdownText(displayName(c))} | ${formatCellCode(c.connectionId)} | ${action}${rotation} | ${STATUS_LABEL[c.status]} | ${c.httpStatus ?? '—'} |`;
  });
  return ['| Connection | Id | Action | Result | HTTP |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function renderPlanLine(report: RunReport): string {
  const counts = countConnections(report);
  const verb = report.mode === 'apply' ? 'Apply' : 'Plan';
  const unread = counts.unread > 0 ? `, ${counts.unread} not read` : '';
  const environments = countEnvironments(report);
  const environmentPart = !environments.hasEnvironments
    ? ''
    : ` Environments: ${environments.create} to create, ${environments.update} to update, ${environments.delete} to delete, ${environments.unchanged} unchanged, ${environments.unmanaged} not in the file.`;
  return `**${verb}:** ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged${unread}.${environmentPart}`;
}

/** The connection's environments: one row each, then the changes of each that changes. */
function renderEnvironments(environments: readonly EnvironmentResult[], redactor: Redactor): string {
  const rows = environments.map((environment) => {
    const notes = [environment.error, environment.note].filter((text) => text !== undefined).join(' ');
    const binding =
      environment.binding === undefined
        ? ''
        : ` Branch ${formatCellCode(environment.binding.branchName)} of model ${formatCellCode(environment.binding.modelId)}: ${environment.binding.status}.`;
    return `| ${escapeMarkdownText(environment.name)} | ${ENVIRONMENT_ACTION_LABEL[environment.action]} | ${ENVIRONMENT_STATUS_LABEL[environment.status]} | ${escapeMarkdownText(redactor.cut(notes, 299))}${binding} |`;
  });
  const table = ['| Environment | Action | Result | Notes |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
  const diffs = environments
    .filter((environment) => environment.changes.length > 0)
    .map(
      (environment) =>
        `**Environment ${escapeMarkdownText(environment.name)}**\n\n${renderEnvironmentDiff(environment.changes, environment.action === 'create')}`,
    );
  return [table, ...diffs].join('\n\n');
}

function renderEnvironmentDiff(changes: readonly EnvironmentChange[], isCreate: boolean): string {
  const rows = changes.map(
    (c) => `| ${formatCellCode(c.field)} | ${isCreate ? '—' : formatValue(c.from)} | ${formatValue(c.to)} |`,
  );
  return ['| Field | Live | Desired |', '| --- | --- | --- |', ...rows].join('\n');
}

/** A field diff; for a `create` there is no live value to show, only what will be set. */
function renderDiff(changes: FieldChange[], isCreate: boolean): string {
  const rows = changes.map(
    (c) => `| ${formatCellCode(c.field)} | ${isCreate ? '—' : formatValue(c.from)} | ${formatValue(c.to)} |`,
  );
  return ['| Field | Live | Desired |', '| --- | --- | --- |', ...rows].join('\n');
}

function renderConnectionDetails(connection: ConnectionResult, redactor: Redactor): string {
  const parts: string[] = [];
  if (connection.error !== undefined) {
    parts.push(`> [!CAUTION]\n> ${escapeMarkdownText(connection.error)}`);
    if (connection.hint !== undefined) parts.push(`**How to fix:** ${escapeMarkdownText(connection.hint)}`);
  }
  for (const warning of connection.warnings ?? [])
    parts.push(`> [!WARNING]\n> ${escapeMarkdownText(warning)}`);
  if (connection.changes.length > 0)
    parts.push(renderDiff(connection.changes, connection.action === 'create'));
  if (connection.environments !== undefined && connection.environments.length > 0) {
    parts.push(renderEnvironments(connection.environments, redactor));
  }
  if (connection.rotateKeys && connection.status === 'applied') {
    parts.push(
      '🔑 **The deploy key was rotated.** Copy the new public key from this connection’s dbt settings in Omni and replace the deploy key on your git host (GitHub: repository → Settings → Deploy keys), or Omni can no longer read the repository.',
    );
  } else if (connection.rotateKeys && connection.status === 'planned') {
    parts.push('🔑 An apply would rotate this connection’s deploy key (`rotate-keys`).');
  }
  const environmentCount = (connection.environments ?? []).filter(
    (environment) => environment.changes.length > 0 || environment.action === 'delete',
  ).length;
  const fieldCount = connection.changes.length;
  const failure =
    connection.httpStatus !== undefined && connection.httpStatus >= 300
      ? `HTTP ${connection.httpStatus}`
      : redactor.cut(connection.error ?? '', 59);
  const fields = [
    fieldCount > 0 ? `${fieldCount} field${fieldCount === 1 ? '' : 's'}` : '',
    environmentCount > 0 ? `${environmentCount} environment${environmentCount === 1 ? '' : 's'}` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  const what = connection.error !== undefined ? failure : fields;
  // Raw HTML: markdown is not read inside it, so entities, not backslashes.
  const summary = `${escapeHtmlText(displayName(connection))} — ${STATUS_LABEL[connection.status]}${what === '' ? '' : `: ${escapeHtmlText(what)}`}`;
  return `<details><summary>${summary}</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}

function renderIssues(report: RunReport): string {
  if (report.issues.length === 0) return '';
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const warnings = report.issues.filter((issue) => issue.severity === 'warning');
  const block = (title: string, lines: string[]) =>
    lines.length === 0 ? '' : `### ${title}\n\n${formatCodeBlock(lines, 'text')}`;
  // GitHub shows at most 10 annotations per step, so the summary carries the full list.
  return [
    block(`${errors.length} error${errors.length === 1 ? '' : 's'}`, errors.map(formatIssue)),
    block(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, warnings.map(formatIssue)),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

interface TextSize {
  chars: number;
  bytes: number;
}

function measureText(text: string): TextSize {
  return { chars: text.length, bytes: Buffer.byteLength(text, 'utf8') };
}

/** The longest start of `text` within both bounds, never splitting a character. */
function sliceToFit(text: string, limit: TextSize): string {
  let chars = 0;
  let bytes = 0;
  while (chars < text.length) {
    const code = text.codePointAt(chars) ?? 0;
    const units = code > 0xffff ? 2 : 1;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code > 0xffff ? 4 : 3;
    if (chars + units > limit.chars || bytes + width > limit.bytes) break;
    chars += units;
    bytes += width;
  }
  return text.slice(0, chars);
}

const SECTION_SEPARATOR = '\n\n';

/**
 * Renders the report, redacted. When the text would pass `maxChars` or `maxBytes`, the connections'
 * details are dropped from the largest down, then table rows from the end, each time saying where the
 * full plan is. Sizes add up part by part, so each step costs no new rendering.
 */
export function renderReportMarkdown(report: RunReport, options: RenderOptions): string {
  const { redactor } = options;
  const limit: TextSize = {
    chars: options.maxChars ?? Number.POSITIVE_INFINITY,
    bytes: options.maxBytes ?? Number.POSITIVE_INFINITY,
  };
  const isWithin = (size: TextSize) => size.chars <= limit.chars && size.bytes <= limit.bytes;
  const outcome = summariseOutcome(report);
  const icon = outcome.isFailure ? '❌' : outcome.hasChanges ? '📝' : '✅';
  const kind = {
    apply: 'apply',
    'dry-run': 'plan (dry-run)',
    preview: 'preview environments',
    exposures: 'exposures',
  }[report.mode];
  const title = `## ${icon} Omni dbt ${kind}`;
  const context = [
    `Config: ${formatCodeSpan(report.configPath, { isInTable: false })}`,
    report.commit ? `commit ${formatCodeSpan(report.commit.slice(0, 12), { isInTable: false })}` : '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
  const head = [title, `**${escapeMarkdownText(outcome.headline)}**`, context].join(SECTION_SEPARATOR);

  const fixed = [head, renderIssues(report)];
  // mode: exposures reads no connection (each is skipped, in `result`): its section is the file's.
  const isExposures = report.mode === 'exposures';
  if (report.exposures !== undefined) fixed.push(renderExposuresSection(report.exposures, redactor));
  if (report.connections.length > 0 && !report.isValidationOnly && !isExposures) {
    // A preview's headline says what was created, bound or deleted; the plan line's counts do not fit it.
    if (report.mode !== 'preview') fixed.push(renderPlanLine(report));
    fixed.push(renderConnectionTable(report));
  }
  const detailed =
    report.connections.length > 0 && !report.isValidationOnly && !isExposures
      ? report.connections.filter(
          (c) =>
            c.changes.length > 0 ||
            c.error !== undefined ||
            c.rotateKeys ||
            (c.warnings ?? []).length > 0 ||
            (c.environments ?? []).some((e) => e.action !== 'unchanged' || e.error !== undefined),
        )
      : [];
  // Redacted part by part before anything is measured: a size is only true of the text as published.
  const sections = fixed.filter((part) => part !== '').map((part) => redactor.redact(part));
  const details = detailed.map((c) => redactor.redact(renderConnectionDetails(c, redactor)));
  const sectionSizes = sections.map(measureText);
  const detailSizes = details.map(measureText);

  const addSizes = (sizes: readonly TextSize[]): TextSize => ({
    chars: sizes.reduce((sum, size) => sum + size.chars, 0),
    bytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
  });
  const fixedSize = addSizes(sectionSizes);
  /** The size compose gives: the sections, `shown` (the sum of `count` details) and the note, joined. */
  const sizeWith = (shown: TextSize, count: number, note: string | undefined): TextSize => {
    const noteSize = note === undefined ? { chars: 0, bytes: 0 } : measureText(note);
    const separators = 2 * (sections.length + count + (note === undefined ? 0 : 1) - 1) + 1;
    return {
      chars: fixedSize.chars + shown.chars + noteSize.chars + separators,
      bytes: fixedSize.bytes + shown.bytes + noteSize.bytes + separators,
    };
  };
  const compose = (shown: readonly string[], note: string | undefined) =>
    `${[...sections, ...shown, ...(note === undefined ? [] : [note])].join(SECTION_SEPARATOR)}\n`;
  const describeOmitted = (dropped: number) =>
    `> [!NOTE]\n> The details of ${dropped} connection${dropped === 1 ? '' : 's'} were left out to fit GitHub's size limit. The full plan is in ${options.fullPlanLocation}.`;

  let shown = addSizes(detailSizes);
  if (isWithin(sizeWith(shown, details.length, undefined))) return compose(details, undefined);
  const unit = options.maxBytes === undefined ? 'chars' : 'bytes';
  const largestFirst = details
    .map((_, index) => index)
    .sort((a, b) => (detailSizes[b]?.[unit] ?? 0) - (detailSizes[a]?.[unit] ?? 0));
  const dropped = new Set<number>();
  for (const index of largestFirst) {
    dropped.add(index);
    const size = detailSizes[index] ?? { chars: 0, bytes: 0 };
    shown = { chars: shown.chars - size.chars, bytes: shown.bytes - size.bytes };
    const note = describeOmitted(dropped.size);
    if (isWithin(sizeWith(shown, details.length - dropped.size, note))) {
      return compose(
        details.filter((_, at) => !dropped.has(at)),
        note,
      );
    }
  }
  // Even the table is too long: keep what fits and say so.
  const note = `\n\n> [!NOTE]\n> This report was cut to fit GitHub's size limit. The full plan is in ${options.fullPlanLocation}.\n`;
  const noteSize = measureText(note);
  const room = { chars: limit.chars - noteSize.chars, bytes: limit.bytes - noteSize.bytes };
  return `${sliceToFit(compose([], undefined), room).replace(/\n[^\n]*$/, '')}${note}`;
}
