// Pure rendering of a run into the markdown shown in the job summary and the PR comment (README, "What a
// run does"). Every value from outside is redacted, then written through markdown-text.ts, and the text is
// redacted again before it is measured or cut.
import { formatIssue } from '../config/load.js';
import type { EnvironmentChange } from '../plan/environments.js';
import type { FieldChange } from '../plan/types.js';
import { plural } from '../plural.js';
import { type ConnectionPartKind, isPartWrite, listConnectionParts } from '../run/parts.js';
import type { ConnectionResult, EnvironmentResult, PartResult, RunReport } from '../run/types.js';
import { type Redactor, redactStrings } from '../secrets.js';
import { renderExposuresSection } from './exposures.js';
import { renderImpactSections } from './impact-markdown.js';
import { escapeHtmlText, escapeMarkdownText, formatCodeBlock, formatCodeSpan } from './markdown-text.js';
import { describeConnectionParts, describeRunCounts, HINT_LABEL, summariseOutcome } from './outcome.js';
import {
  addSize,
  asciiSize,
  isWithin,
  measureText,
  NO_SIZE,
  subtractSize,
  sumSizes,
  type TextSize,
} from './text-size.js';

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
} as const;
const STATUS_LABEL = {
  applied: '✅ applied',
  planned: '📝 planned',
  unchanged: '✔️ unchanged',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
} as const;
const PART_ACTION_LABEL = {
  create: '🆕 create',
  update: '✏️ update',
  unchanged: 'unchanged',
  delete: '🗑️ delete',
  unmanaged: 'unmanaged',
} as const;
const PART_STATUS_LABEL = { ...STATUS_LABEL, unmanaged: '— not in the file' } as const;

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

/**
 * One row per connection: its action as a whole and its result, and beneath the action, when it has parts
 * (environments, …), what its settings and each kind of part come to.
 */
function renderConnectionTable(report: RunReport): string {
  // mode: refresh writes nothing of the file: what it does to a connection is refresh its schema.
  const isRefresh = report.mode === 'refresh';
  const rows = report.connections.map((c) => {
    const action =
      c.action === undefined
        ? '—'
        : isRefresh && c.action === 'update'
          ? '🔄 refresh'
          : ACTION_LABEL[c.action];
    const status = isRefresh && c.status === 'applied' ? '✅ refreshed' : STATUS_LABEL[c.status];
    const rotation = c.rotateKeys ? ' 🔑' : '';
    const parts = describeConnectionParts(c, report.mode);
    const beneath = parts === '' ? '' : `<br>${escapeMarkdownText(parts)}`;
    return `| ${escapeMarkdownText(displayName(c))} | ${formatCellCode(c.connectionId)} | ${action}${rotation}${beneath} | ${status} | ${c.httpStatus ?? '—'} |`;
  });
  return ['| Connection | Id | Action | Result | HTTP |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function renderCountLine(report: RunReport): string {
  const { label, text } = describeRunCounts(report);
  return `**${label}:** ${escapeMarkdownText(text)}.`;
}

/** One kind of part of a connection (its environments, …): one row each, then the changes of each that changes. */
function renderParts(kind: ConnectionPartKind, parts: readonly PartResult[], redactor: Redactor): string {
  const title = capitalise(kind.noun);
  const rows = parts.map((part) => {
    const notes = [part.error, part.note].filter((text) => text !== undefined).join(' ');
    const binding = renderBinding(part);
    return `| ${escapeMarkdownText(part.name)} | ${PART_ACTION_LABEL[part.action]} | ${PART_STATUS_LABEL[part.status]} | ${escapeMarkdownText(redactor.cut(notes, 299))}${binding} |`;
  });
  const table = [`| ${title} | Action | Result | Notes |`, '| --- | --- | --- | --- |', ...rows].join('\n');
  const diffs = parts
    .filter((part) => part.changes.length > 0)
    .map(
      (part) =>
        `**${title} ${escapeMarkdownText(part.name)}**\n\n${renderDiff(part.changes, part.action === 'create')}`,
    );
  return [table, ...diffs].join('\n\n');
}

function renderBinding(part: PartResult & Pick<EnvironmentResult, 'binding'>): string {
  const { binding } = part;
  if (binding === undefined) return '';
  return ` Branch ${formatCellCode(binding.branchName)} of model ${formatCellCode(binding.modelId)}: ${binding.status}.`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A field diff; for a `create` there is no live value to show, only what will be set. */
function renderDiff(changes: readonly (FieldChange | EnvironmentChange)[], isCreate: boolean): string {
  const rows = changes.map(
    (c) => `| ${formatCellCode(c.field)} | ${isCreate ? '—' : formatValue(c.from)} | ${formatValue(c.to)} |`,
  );
  return ['| Field | Live | Desired |', '| --- | --- | --- |', ...rows].join('\n');
}

function renderConnectionDetails(connection: ConnectionResult, redactor: Redactor): string {
  const parts: string[] = [];
  if (connection.error !== undefined) {
    // A connection the run leaves out by design says why as a note, not as a failure.
    const kind = connection.isOutOfScope === true ? 'NOTE' : 'CAUTION';
    parts.push(`> [!${kind}]\n> ${escapeMarkdownText(connection.error)}`);
    if (connection.hint !== undefined) parts.push(`**${HINT_LABEL}** ${escapeMarkdownText(connection.hint)}`);
  }
  for (const warning of connection.warnings ?? [])
    parts.push(`> [!WARNING]\n> ${escapeMarkdownText(warning)}`);
  if (connection.changes.length > 0)
    parts.push(renderDiff(connection.changes, connection.action === 'create'));
  for (const { kind, parts: items } of listConnectionParts(connection)) {
    if (items.length > 0) parts.push(renderParts(kind, items, redactor));
  }
  if (connection.rotateKeys && connection.status === 'applied') {
    parts.push(
      '🔑 **The deploy key was rotated.** Copy the new public key from this connection’s dbt settings in Omni and replace the deploy key on your git host (GitHub: repository → Settings → Deploy keys), or Omni can no longer read the repository.',
    );
  } else if (connection.rotateKeys && connection.status === 'planned') {
    parts.push('🔑 An apply would rotate this connection’s deploy key (`rotate-keys`).');
  }
  const fieldCount = connection.changes.length;
  const failure =
    connection.httpStatus !== undefined && connection.httpStatus >= 300
      ? `HTTP ${connection.httpStatus}`
      : redactor.cut(connection.error ?? '', 59);
  const fields = [
    fieldCount > 0 ? plural(fieldCount, 'field') : '',
    ...listConnectionParts(connection).map(({ kind, parts: items }) => {
      const written = items.filter(isPartWrite).length;
      return written > 0 ? `${written} ${written === 1 ? kind.noun : kind.plural}` : '';
    }),
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
    block(plural(errors.length, 'error'), errors.map(formatIssue)),
    block(plural(warnings.length, 'warning'), warnings.map(formatIssue)),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
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
/** Room the impact sections leave for the connections' details, or the note that they were left out. */
const DETAILS_RESERVE = 1_000;

/**
 * Renders the report, redacted. When the text would pass `maxChars` or `maxBytes`, the connections'
 * details are dropped from the largest down, then table rows from the end, each time saying where the
 * full plan is. Sizes add up part by part, so each step costs no new rendering.
 */
export function renderReportMarkdown(unredacted: RunReport, options: RenderOptions): string {
  const { redactor } = options;
  // Every value first: escaping changes a secret's form, and a text from GitHub comes as GitHub wrote it.
  const report = redactStrings(unredacted, redactor);
  const limit: TextSize = {
    chars: options.maxChars ?? Number.POSITIVE_INFINITY,
    bytes: options.maxBytes ?? Number.POSITIVE_INFINITY,
  };
  const outcome = summariseOutcome(report);
  // A plan's pending changes are 📝; an apply speaks of what it did, so its changes are ✅ done.
  const icon = outcome.isFailure ? '❌' : outcome.hasChanges && report.mode === 'dry-run' ? '📝' : '✅';
  const kind = {
    apply: 'apply',
    'dry-run': 'plan (dry-run)',
    preview: 'preview environments',
    exposures: 'exposures',
    refresh: 'schema refresh',
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
  const showsConnections =
    report.connections.length > 0 && !report.isStoppedBeforeOmni && !report.isValidationOnly && !isExposures;
  if (showsConnections) {
    // A preview's headline says what was created, bound or deleted; the plan line's counts do not fit it.
    if (report.mode !== 'preview') fixed.push(renderCountLine(report));
    fixed.push(renderConnectionTable(report));
  }
  const detailed = showsConnections
    ? report.connections.filter(
        (c) =>
          c.changes.length > 0 ||
          c.error !== undefined ||
          c.rotateKeys ||
          (c.warnings ?? []).length > 0 ||
          listConnectionParts(c).some(({ parts }) =>
            parts.some((part) => part.action !== 'unchanged' || part.error !== undefined),
          ),
      )
    : [];
  // Redacted part by part before anything is measured: a size is only true of the text as published.
  const sections = fixed.filter((part) => part !== '').map((part) => redactor.redact(part));
  // README "Impact on Omni": each connection's impact section stands beside the table, its lists cut to the room.
  const sectionSizes = sections.map(measureText);
  const taken = addSize(sumSizes(sectionSizes), asciiSize(sections.length * SECTION_SEPARATOR.length));
  const impactSections = renderImpactSections(report, {
    room: subtractSize(limit, addSize(taken, asciiSize(DETAILS_RESERVE))),
    fullListLocation: options.fullPlanLocation,
    redactor,
  });
  sections.push(...impactSections);
  sectionSizes.push(...impactSections.map(measureText));
  const details = detailed.map((c) => redactor.redact(renderConnectionDetails(c, redactor)));
  const detailSizes = details.map(measureText);

  const fixedSize = sumSizes(sectionSizes);
  /** The size compose gives: the sections, `shown` (the sum of `count` details) and the note, joined. */
  const sizeWith = (shown: TextSize, count: number, note: string | undefined): TextSize => {
    const noteSize = note === undefined ? NO_SIZE : measureText(note);
    const separators = 2 * (sections.length + count + (note === undefined ? 0 : 1) - 1) + 1;
    return addSize(addSize(fixedSize, shown), addSize(noteSize, asciiSize(separators)));
  };
  const compose = (shown: readonly string[], note: string | undefined) =>
    `${[...sections, ...shown, ...(note === undefined ? [] : [note])].join(SECTION_SEPARATOR)}\n`;
  const describeOmitted = (dropped: number) =>
    `> [!NOTE]\n> The details of ${plural(dropped, 'connection')} were left out to fit GitHub's size limit. The full plan is in ${options.fullPlanLocation}.`;

  let shown = sumSizes(detailSizes);
  if (isWithin(sizeWith(shown, details.length, undefined), limit)) return compose(details, undefined);
  const unit = options.maxBytes === undefined ? 'chars' : 'bytes';
  const largestFirst = details
    .map((_, index) => index)
    .sort((a, b) => (detailSizes[b]?.[unit] ?? 0) - (detailSizes[a]?.[unit] ?? 0));
  const dropped = new Set<number>();
  for (const index of largestFirst) {
    dropped.add(index);
    shown = subtractSize(shown, detailSizes[index] ?? NO_SIZE);
    const note = describeOmitted(dropped.size);
    if (isWithin(sizeWith(shown, details.length - dropped.size, note), limit)) {
      return compose(
        details.filter((_, at) => !dropped.has(at)),
        note,
      );
    }
  }
  // Even the table is too long: keep what fits and say so.
  const note = `\n\n> [!NOTE]\n> This report was cut to fit GitHub's size limit. The full plan is in ${options.fullPlanLocation}.\n`;
  return `${sliceToFit(compose([], undefined), subtractSize(limit, measureText(note))).replace(/\n[^\n]*$/, '')}${note}`;
}
