// Pure rendering of a run for a terminal, in the manner of `terraform plan`: one line per connection
// (+ create, ~ update, unchanged), its field changes, its dbt environments (each with its changes),
// errors with hints, warnings, and a closing count; and the escaping that keeps text from outside (names,
// keys, Omni's messages) from driving the terminal.
import { formatIssue } from '../core/config/load.js';
import type { EnvironmentChange } from '../core/plan/environments.js';
import type { FieldChange } from '../core/plan/types.js';
import { countConnections, countEnvironments, summariseOutcome } from '../core/report/outcome.js';
import type { ConnectionResult, EnvironmentResult, RunReport } from '../core/run/types.js';

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

function hasEnvironmentWrites(connection: ConnectionResult): boolean {
  return (connection.environments ?? []).some(
    (environment) =>
      environment.action === 'create' || environment.action === 'update' || environment.action === 'delete',
  );
}

function renderHeading(connection: ConnectionResult, palette: Palette): string {
  const who = describeConnection(connection);
  const failed = connection.status === 'failed' ? ` ${palette.red('(failed)')}` : '';
  if (connection.status === 'skipped') return `  ${palette.dim(`- skipped    ${who}`)}`;
  switch (connection.action) {
    case 'create':
      return `  ${palette.green('+ create')}     ${palette.bold(who)}${failed}`;
    case 'update':
      return `  ${palette.yellow('~ update')}     ${palette.bold(who)}${failed}`;
    case 'unchanged':
      // Settings as they are, environments to write: the connection changes all the same.
      if (hasEnvironmentWrites(connection))
        return `  ${palette.yellow('~ update')}     ${palette.bold(who)}${failed}`;
      return connection.status === 'unchanged'
        ? `  ${palette.dim(`  unchanged  ${who}`)}`
        : // Unchanged yet sent: --force or --rotate-keys.
          `  ${palette.yellow('~ unchanged')}  ${palette.bold(who)}${failed}`;
    case 'delete': // preview mode only, which the CLI does not run
      return `  ${palette.red('- delete')}     ${palette.bold(who)}${failed}`;
    case undefined:
      return `  ${palette.red('! failed')}     ${palette.bold(who)}`;
  }
}

function renderChange(change: FieldChange | EnvironmentChange, isCreate: boolean, palette: Palette): string {
  const field = escapeTerminalText(change.field);
  if (isCreate) return `      ${field}: ${palette.green(formatValue(change.to))}`;
  return `      ${field}: ${palette.red(formatValue(change.from))} → ${palette.green(formatValue(change.to))}`;
}

function renderEnvironmentHeading(environment: EnvironmentResult, palette: Palette): string {
  const who = `environment ${formatValue(environment.name)}`;
  const status =
    environment.status === 'failed'
      ? ` ${palette.red('(failed)')}`
      : environment.status === 'skipped'
        ? ` ${palette.dim('(skipped)')}`
        : '';
  switch (environment.action) {
    case 'create':
      return `      ${palette.green('+ create')}     ${palette.bold(who)}${status}`;
    case 'update':
      return `      ${palette.yellow('~ update')}     ${palette.bold(who)}${status}`;
    case 'delete':
      return `      ${palette.red('- delete')}     ${palette.bold(who)}${status}`;
    case 'unchanged':
    case 'unmanaged':
      // Never written, so never failed: a read-back failure is the connection's error.
      return `      ${palette.dim(`  ${environment.action.padEnd(9)}  ${who}`)}${status}`;
  }
}

/** One environment: its heading, then its changes, note and error, indented one step further. */
function renderEnvironment(environment: EnvironmentResult, palette: Palette): string[] {
  const lines = [renderEnvironmentHeading(environment, palette)];
  const indent = '    ';
  for (const change of environment.changes) {
    lines.push(indent + renderChange(change, environment.action === 'create', palette));
  }
  if (environment.note !== undefined)
    lines.push(`${indent}      ${palette.dim(`note: ${escapeTerminalText(environment.note)}`)}`);
  if (environment.error !== undefined) {
    lines.push(`${indent}      ${palette.red('error:')} ${escapeTerminalText(environment.error)}`);
  }
  return lines;
}

function renderConnection(connection: ConnectionResult, palette: Palette): string[] {
  const lines = [renderHeading(connection, palette)];
  for (const change of connection.changes)
    lines.push(renderChange(change, connection.action === 'create', palette));
  for (const environment of connection.environments ?? [])
    lines.push(...renderEnvironment(environment, palette));
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
  if (connection.error !== undefined) {
    const status = connection.httpStatus === undefined ? '' : ` (HTTP ${connection.httpStatus})`;
    lines.push(`      ${palette.red(`error${status}:`)} ${escapeTerminalText(connection.error)}`);
    if (connection.hint !== undefined) {
      lines.push(`      ${palette.bold('hint:')} ${escapeTerminalText(connection.hint)}`);
    }
  }
  return lines;
}

/** The environments' part of the count line, or '' when no connection's environments were planned. */
function countEnvironmentActions(report: RunReport): string {
  const counts = countEnvironments(report);
  if (!counts.hasEnvironments) return '';
  if (report.mode === 'dry-run') {
    return `; environments: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete`;
  }
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `; environments: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted${failed}${skipped}`;
}

function countActions(report: RunReport): string {
  const counts = countConnections(report);
  const environments = countEnvironmentActions(report);
  if (report.mode === 'dry-run') {
    return `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged${environments}.`;
  }
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `Apply: ${counts.applied} applied, ${counts.unchangedResult} unchanged${failed}${skipped}${environments}.`;
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
  const hasConnections = report.connections.length > 0 && !report.isValidationOnly;
  if (hasConnections) {
    const title = report.mode === 'apply' ? 'Omni dbt apply' : 'Omni dbt plan';
    lines.push(palette.bold(`${title} of ${escapeTerminalText(report.configPath)}`), '');
    for (const connection of report.connections) lines.push(...renderConnection(connection, palette));
    lines.push('', palette.bold(countActions(report)));
  }
  if (report.fatalError !== undefined && outcome.headline !== report.fatalError) {
    lines.push(palette.red(`Error: ${escapeTerminalText(report.fatalError)}`));
  }
  const text = escapeTerminalText(outcome.headline);
  const headline = outcome.isFailure ? palette.red(text) : text;
  lines.push(headline);
  return `${lines.join('\n')}\n`;
}
