// Pure rendering of a run into the markdown shown in the job summary and the PR comment (README, "What a
// run does").
import { formatIssue } from '../config/load.js';
import type { EnvironmentChange } from '../plan/environments.js';
import type { FieldChange } from '../plan/types.js';
import type { ConnectionResult, EnvironmentResult, RunReport } from '../run/types.js';
import { countConnections, countEnvironments, summariseOutcome } from './outcome.js';

/** GitHub's limits: a step summary holds 1 MiB, a comment body 65,536 characters. */
export const SUMMARY_LIMIT_CHARS = 1024 * 1024;
export const COMMENT_LIMIT_CHARS = 65_536;

export interface RenderOptions {
  /** The rendered text stays within this many characters, dropping detail from the largest down. */
  maxChars: number;
  /** Where the full plan can be read when this rendering had to leave parts out. */
  fullPlanLocation: string;
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

/**
 * Keeps GitHub from turning `@team` or `@user` in a connection name, an error or a hint into a mention
 * that notifies people: a zero-width joiner after the `@` leaves the text readable but no longer a mention
 * (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams).
 * An `@` inside a word (an email address, `git@github.com`) is no mention and is left alone.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/(?<![A-Za-z0-9_.+-])@(?=[A-Za-z0-9])/g, '@\u200D');
}

/** Makes a value safe inside a table cell: no pipes, no newlines, no raw HTML, no mentions. */
function escapeCell(text: string): string {
  return neutraliseMentions(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '_null_';
  return `\`${escapeCell(JSON.stringify(value)).replace(/`/g, "'")}\``;
}

function displayName(connection: ConnectionResult): string {
  return connection.name ?? connection.connectionId;
}

function renderConnectionTable(report: RunReport): string {
  const rows = report.connections.map((c) => {
    const action = c.action === undefined ? '—' : ACTION_LABEL[c.action];
    const rotation = c.rotateKeys ? ' 🔑' : '';
    return `| ${escapeCell(displayName(c))} | \`${c.connectionId}\` | ${action}${rotation} | ${STATUS_LABEL[c.status]} | ${c.httpStatus ?? '—'} |`;
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
function renderEnvironments(environments: readonly EnvironmentResult[]): string {
  const rows = environments.map((environment) => {
    const notes = [environment.error, environment.note].filter((text) => text !== undefined).join(' ');
    const binding =
      environment.binding === undefined
        ? ''
        : ` Branch \`${escapeCell(environment.binding.branchName)}\` of model \`${environment.binding.modelId}\`: ${environment.binding.status}.`;
    return `| ${escapeCell(environment.name)} | ${ENVIRONMENT_ACTION_LABEL[environment.action]} | ${ENVIRONMENT_STATUS_LABEL[environment.status]} | ${escapeCell(truncate(notes, 300))}${binding} |`;
  });
  const table = ['| Environment | Action | Result | Notes |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
  const diffs = environments
    .filter((environment) => environment.changes.length > 0)
    .map(
      (environment) =>
        `**Environment ${escapeCell(environment.name)}**\n\n${renderEnvironmentDiff(environment.changes, environment.action === 'create')}`,
    );
  return [table, ...diffs].join('\n\n');
}

function renderEnvironmentDiff(changes: readonly EnvironmentChange[], isCreate: boolean): string {
  const rows = changes.map(
    (c) => `| \`${escapeCell(c.field)}\` | ${isCreate ? '—' : formatValue(c.from)} | ${formatValue(c.to)} |`,
  );
  return ['| Field | Live | Desired |', '| --- | --- | --- |', ...rows].join('\n');
}

/** A field diff; for a `create` there is no live value to show, only what will be set. */
function renderDiff(changes: FieldChange[], isCreate: boolean): string {
  const rows = changes.map(
    (c) => `| \`${c.field}\` | ${isCreate ? '—' : formatValue(c.from)} | ${formatValue(c.to)} |`,
  );
  return ['| Field | Live | Desired |', '| --- | --- | --- |', ...rows].join('\n');
}

function renderConnectionDetails(connection: ConnectionResult): string {
  const parts: string[] = [];
  if (connection.error !== undefined) {
    parts.push(`> [!CAUTION]\n> ${escapeCell(connection.error)}`);
    if (connection.hint !== undefined) parts.push(`**How to fix:** ${escapeCell(connection.hint)}`);
  }
  for (const warning of connection.warnings ?? []) parts.push(`> [!WARNING]\n> ${escapeCell(warning)}`);
  if (connection.changes.length > 0)
    parts.push(renderDiff(connection.changes, connection.action === 'create'));
  if (connection.environments !== undefined && connection.environments.length > 0) {
    parts.push(renderEnvironments(connection.environments));
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
      : truncate(connection.error ?? '', 60);
  const fields = [
    fieldCount > 0 ? `${fieldCount} field${fieldCount === 1 ? '' : 's'}` : '',
    environmentCount > 0 ? `${environmentCount} environment${environmentCount === 1 ? '' : 's'}` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  const what = connection.error !== undefined ? failure : fields;
  const summary = `${escapeCell(displayName(connection))} — ${STATUS_LABEL[connection.status]}${what === '' ? '' : `: ${escapeCell(what)}`}`;
  return `<details><summary>${summary}</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}

function renderIssues(report: RunReport): string {
  if (report.issues.length === 0) return '';
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const warnings = report.issues.filter((issue) => issue.severity === 'warning');
  const block = (title: string, lines: string[]) =>
    lines.length === 0 ? '' : `### ${title}\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\``;
  // GitHub shows at most 10 annotations per step, so the summary carries the full list.
  return [
    block(`${errors.length} error${errors.length === 1 ? '' : 's'}`, errors.map(formatIssue)),
    block(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, warnings.map(formatIssue)),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/**
 * Renders the report. When the text would pass `maxChars`, diffs are dropped from the
 * largest down, then table rows from the end, each time saying where the full plan is.
 */
export function renderReportMarkdown(report: RunReport, options: RenderOptions): string {
  const outcome = summariseOutcome(report);
  const icon = outcome.isFailure ? '❌' : outcome.hasChanges ? '📝' : '✅';
  const kind = { apply: 'apply', 'dry-run': 'plan (dry-run)', preview: 'preview environments' }[report.mode];
  const title = `## ${icon} Omni dbt ${kind}`;
  const context = [
    `Config: \`${escapeCell(report.configPath)}\``,
    report.commit ? `commit \`${report.commit.slice(0, 12)}\`` : '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
  const head = [title, `**${escapeCell(outcome.headline)}**`, context].join('\n\n');

  const detailed = report.connections.filter(
    (c) =>
      c.changes.length > 0 ||
      c.error !== undefined ||
      c.rotateKeys ||
      (c.warnings ?? []).length > 0 ||
      (c.environments ?? []).some((e) => e.action !== 'unchanged' || e.error !== undefined),
  );
  const details = new Map(detailed.map((c) => [c, renderConnectionDetails(c)]));
  const issues = renderIssues(report);

  const compose = (omitted: string[]) => {
    const sections = [head];
    if (issues !== '') sections.push(issues);
    if (report.connections.length > 0 && !report.isValidationOnly) {
      // A preview's headline says what was created, bound or deleted; the plan line's counts do not fit it.
      if (report.mode !== 'preview') sections.push(renderPlanLine(report));
      sections.push(renderConnectionTable(report));
      const shown = [...details.values()];
      if (shown.length > 0) sections.push(shown.join('\n\n'));
    }
    if (omitted.length > 0)
      sections.push(`> [!NOTE]\n> ${omitted.join(' ')} The full plan is in ${options.fullPlanLocation}.`);
    return `${sections.join('\n\n')}\n`;
  };

  let text = compose([]);
  if (text.length <= options.maxChars) return text;
  const largestFirst = [...details.entries()].sort((a, b) => b[1].length - a[1].length);
  let dropped = 0;
  for (const [connection] of largestFirst) {
    details.delete(connection);
    dropped += 1;
    text = compose([
      `The details of ${dropped} connection${dropped === 1 ? '' : 's'} were left out to fit GitHub's size limit.`,
    ]);
    if (text.length <= options.maxChars) return text;
  }
  // Even the table is too long: keep what fits and say so.
  const note = `\n\n> [!NOTE]\n> This report was cut to fit GitHub's size limit. The full plan is in ${options.fullPlanLocation}.\n`;
  return `${text.slice(0, Math.max(0, options.maxChars - note.length)).replace(/\n[^\n]*$/, '')}${note}`;
}
