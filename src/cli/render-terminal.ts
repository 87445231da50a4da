// Pure rendering of a run for a terminal, in the manner of `terraform plan`: one line per connection
// (+ create, ~ update, unchanged; an apply's in the past tense), its field changes, its parts (dbt
// environments, each with its changes), errors with hints, warnings, and the closing count every front end
// shares (report/outcome.ts); and the escaping that keeps text from outside (names, keys, Omni's messages)
// from driving the terminal.
import { formatIssue } from '../core/config/load.js';
import type { EnvironmentChange } from '../core/plan/environments.js';
import type { FieldChange } from '../core/plan/types.js';
import {
  describeImpactCounts,
  describeImpactSubject,
  describeIssuePlace,
  describeModelIssuePlace,
  describeNotCovered,
} from '../core/report/impact-lines.js';
import { linkDocument } from '../core/report/impact-markdown.js';
import { describeRunCounts, describeSettings, HINT_LABEL, summariseOutcome } from '../core/report/outcome.js';
import type { ImpactResult } from '../core/run/impact.js';
import { type ConnectionPartKind, listConnectionParts } from '../core/run/parts.js';
import type { ConnectionResult, PartResult, RunReport } from '../core/run/types.js';

export interface Palette {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** The SGR sequences ANSI_PALETTE writes (bold, dim, red, green, yellow and their resets), and no other. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the sequences.
const PALETTE_SEQUENCE = /\u001b\[(?:1|2|22|31|32|33|39)m/y;
// C0 and C1 controls but tab and line feed: ESC starts every escape sequence (clear the screen, move the
// cursor, set the title, open a hyperlink), CSI (U+009B) is its one-character C1 form, CR overwrites a line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function showControl(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Outside text for a terminal: every control but tab and line feed shown as `\uXXXX`, as JSON writes it. */
export function escapeTerminalText(text: string): string {
  return text.replace(CONTROL_CHARACTER, showControl);
}

/**
 * Text rendered with ANSI_PALETTE: its own colour sequences kept, every other control shown as `\uXXXX`.
 * (Values in it were escaped with escapeTerminalText already; this keeps a missed one from moving the cursor.)
 */
export function escapeStyledTerminalText(text: string): string {
  return text.replace(CONTROL_CHARACTER, (character, offset: number) => {
    PALETTE_SEQUENCE.lastIndex = offset;
    return character === '\u001b' && PALETTE_SEQUENCE.test(text) ? character : showControl(character);
  });
}

export const ANSI_PALETTE: Palette = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

const identity = (text: string) => text;
export const PLAIN_PALETTE: Palette = {
  green: identity,
  yellow: identity,
  red: identity,
  bold: identity,
  dim: identity,
};

/**
 * Colour only for a terminal, as https://no-color.org and Node's own `FORCE_COLOR` convention ask:
 * a non-empty FORCE_COLOR other than "0"/"false" forces it on, a non-empty NO_COLOR turns it off,
 * and TERM=dumb terminals get none.
 */
export function isColorWanted(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

/** JSON escapes C0 controls itself, not C1 ones. */
function formatValue(value: unknown): string {
  return escapeTerminalText(value === undefined ? 'null' : JSON.stringify(value));
}

function describeConnection(connection: ConnectionResult): string {
  const id = escapeTerminalText(connection.connectionId);
  return connection.name === undefined ? id : `${escapeTerminalText(connection.name)} (${id})`;
}

/** The width of a heading's label column: `+ create`, `~ updated`, `  unchanged`, `- skipped`. */
const LABEL_WIDTH = 13;

const WRITE_LABELS = {
  plan: { create: '+ create', update: '~ update', delete: '- delete' },
  done: { create: '+ created', update: '~ updated', delete: '- deleted' },
} as const;

/**
 * A heading's label, coloured by what it does: a write planned (`+ create`), done (`+ created`, past tense
 * as an apply speaks), or nothing to do (dim `unchanged`); `(failed)` or `(skipped)` after the name.
 */
function renderLabel(
  item: { action?: string; status: string },
  who: string,
  palette: Palette,
): { label: string; suffix: string } {
  const suffix =
    item.status === 'failed'
      ? ` ${palette.red('(failed)')}`
      : item.status === 'skipped'
        ? ` ${palette.dim('(skipped)')}`
        : '';
  const pad = (text: string) => ' '.repeat(Math.max(1, LABEL_WIDTH - text.length));
  const { action } = item;
  if (action === 'create' || action === 'update' || action === 'delete') {
    const text = WRITE_LABELS[item.status === 'applied' ? 'done' : 'plan'][action];
    const colour = action === 'create' ? palette.green : action === 'update' ? palette.yellow : palette.red;
    return { label: `${colour(text)}${pad(text)}${palette.bold(who)}`, suffix };
  }
  const text = `  ${action ?? 'unchanged'}`;
  return { label: palette.dim(`${text}${pad(text)}${who}`), suffix };
}

function renderHeading(connection: ConnectionResult, mode: RunReport['mode'], palette: Palette): string {
  const who = describeConnection(connection);
  if (connection.status === 'skipped') return `  ${palette.dim(`- skipped    ${who}`)}`;
  if (connection.action === undefined) return `  ${palette.red('! failed')}     ${palette.bold(who)}`;
  // mode: refresh writes nothing of the file: what it did to a connection is refresh its schema.
  if (mode === 'refresh' && connection.status === 'applied') {
    return `  ${palette.green('~ refreshed')}  ${palette.bold(who)}`;
  }
  const { label, suffix } = renderLabel(connection, who, palette);
  return `  ${label}${suffix}`;
}

function renderChange(change: FieldChange | EnvironmentChange, isCreate: boolean, palette: Palette): string {
  const field = escapeTerminalText(change.field);
  if (isCreate) return `      ${field}: ${palette.green(formatValue(change.to))}`;
  return `      ${field}: ${palette.red(formatValue(change.from))} → ${palette.green(formatValue(change.to))}`;
}

/** One part (an environment, …): its heading, then its changes, note and error, indented one step further. */
function renderPart(kind: ConnectionPartKind, part: PartResult, palette: Palette): string[] {
  const { label, suffix } = renderLabel(part, `${kind.noun} ${formatValue(part.name)}`, palette);
  const lines = [`      ${label}${suffix}`];
  const indent = '    ';
  for (const change of part.changes) {
    lines.push(indent + renderChange(change, part.action === 'create', palette));
  }
  if (part.note !== undefined)
    lines.push(`${indent}      ${palette.dim(`note: ${escapeTerminalText(part.note)}`)}`);
  if (part.error !== undefined) {
    lines.push(`${indent}      ${palette.red('error:')} ${escapeTerminalText(part.error)}`);
  }
  return lines;
}

function renderConnection(connection: ConnectionResult, mode: RunReport['mode'], palette: Palette): string[] {
  const lines = [renderHeading(connection, mode, palette)];
  for (const change of connection.changes)
    lines.push(renderChange(change, connection.action === 'create', palette));
  // Beneath a connection that changes without a field of its settings changing: its parts change, or its
  // settings are sent again as they are (--force).
  const settings = describeSettings(connection, mode);
  if (connection.changes.length === 0 && settings !== undefined && connection.action === 'update') {
    lines.push(`      ${palette.dim(settings)}`);
  }
  for (const { kind, parts } of listConnectionParts(connection)) {
    for (const part of parts) lines.push(...renderPart(kind, part, palette));
  }
  for (const warning of connection.warnings ?? []) {
    lines.push(`      ${palette.yellow('warning:')} ${escapeTerminalText(warning)}`);
  }
  if (connection.rotateKeys && connection.status === 'applied') {
    lines.push(
      `      ${palette.yellow('deploy key rotated:')} copy the new public key from this connection's dbt settings in Omni and replace the deploy key on your git host.`,
    );
  } else if (connection.rotateKeys && connection.status !== 'skipped') {
    lines.push(`      ${palette.yellow('rotateKeys:')} the deploy key will be rotated`);
  }
  if (connection.impact !== undefined) lines.push(...renderImpactLines(connection.impact, palette));
  if (connection.error !== undefined && connection.isOutOfScope === true) {
    // Left out by design (no omniModels, say): why, as a note, not as an error.
    lines.push(`      ${palette.dim(`note: ${escapeTerminalText(connection.error)}`)}`);
  } else if (connection.error !== undefined) {
    const status = connection.httpStatus === undefined ? '' : ` (HTTP ${connection.httpStatus})`;
    lines.push(`      ${palette.red(`error${status}:`)} ${escapeTerminalText(connection.error)}`);
    if (connection.hint !== undefined) {
      lines.push(`      ${palette.bold(HINT_LABEL)} ${escapeTerminalText(connection.hint)}`);
    }
  }
  return lines;
}

/**
 * An impact check's lines (README, "Impact on Omni"), beneath its connection: the verdict, what it is measured
 * against, every new issue (documents with their address), the dashboards at risk, the counts and what was
 * not covered. `omni-dbt impact` and `omni-dbt refresh` show them alike.
 */
export function renderImpactLines(impact: ImpactResult, palette: Palette): string[] {
  const { content, model } = impact.comparison;
  const hasNew = content.new.length + model.new.length > 0;
  const verdict = escapeTerminalText(impact.verdict);
  const lines = [
    `    ${hasNew ? palette.red(`✗ ${verdict}`) : palette.green(`✓ ${verdict}`)}`,
    `      ${palette.dim(escapeTerminalText(describeImpactSubject(impact)))}`,
  ];
  for (const issue of content.new) {
    lines.push(
      `      ${palette.red('new:')} ${escapeTerminalText(`${issue.documentName} — ${describeIssuePlace(issue)}: ${issue.message}`)}`,
      `           ${palette.dim(escapeTerminalText(linkDocument(issue, impact.instanceUrl)))}`,
    );
  }
  for (const issue of model.new) {
    lines.push(
      `      ${palette.red('new model issue:')} ${escapeTerminalText(`${describeModelIssuePlace(issue)}: ${issue.message}`)}`,
    );
  }
  for (const entry of impact.atRisk) {
    const names = entry.dashboards.map((dashboard) => dashboard.name).join(', ');
    lines.push(
      `      ${palette.yellow(`at risk (dbt model ${escapeTerminalText(entry.model)}):`)} ${escapeTerminalText(names)}`,
    );
  }
  lines.push(`      ${escapeTerminalText(describeImpactCounts(impact))}`);
  if (impact.atRiskNote !== undefined)
    lines.push(`      ${palette.dim(escapeTerminalText(impact.atRiskNote))}`);
  for (const note of describeNotCovered(impact)) {
    lines.push(`      ${palette.dim(`not covered: ${escapeTerminalText(note)}`)}`);
  }
  return lines;
}

/** Every located issue, one `file:line:column: field: message` line each, as the action reports them. */
export function renderIssueLines(report: Pick<RunReport, 'issues'>): string[] {
  return report.issues.map(
    (issue) => `${issue.severity === 'warning' ? 'warning: ' : ''}${escapeTerminalText(formatIssue(issue))}`,
  );
}

/** The plan or apply result as terminal text, ending in a newline. Issues are rendered apart (stderr). */
export function renderTerminalReport(report: RunReport, palette: Palette): string {
  const outcome = summariseOutcome(report);
  const lines: string[] = [];
  const hasConnections =
    report.connections.length > 0 && !report.isStoppedBeforeOmni && !report.isValidationOnly;
  if (hasConnections) {
    const title =
      report.mode === 'apply'
        ? 'Omni dbt apply'
        : report.mode === 'refresh'
          ? 'Omni schema refresh'
          : 'Omni dbt plan';
    lines.push(palette.bold(`${title} of ${escapeTerminalText(report.configPath)}`), '');
    for (const connection of report.connections) {
      lines.push(...renderConnection(connection, report.mode, palette));
    }
    const { label, text } = describeRunCounts(report);
    lines.push('', palette.bold(`${label}: ${escapeTerminalText(text)}.`));
  }
  if (report.fatalError !== undefined && outcome.headline !== report.fatalError) {
    lines.push(palette.red(`Error: ${escapeTerminalText(report.fatalError)}`));
  }
  const text = escapeTerminalText(outcome.headline);
  const headline = outcome.isFailure ? palette.red(text) : text;
  lines.push(headline);
  return `${lines.join('\n')}\n`;
}
