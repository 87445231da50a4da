// Pure rendering of a run for a terminal, in the manner of `terraform plan`: one line per connection
// (+ create, ~ update, unchanged), its field changes, its dbt environments (each with its changes),
// errors with hints, warnings, and a closing count.
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

function formatValue(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function describeConnection(connection: ConnectionResult): string {
  return connection.name === undefined
    ? connection.connectionId
    : `${connection.name} (${connection.connectionId})`;
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
  if (isCreate) return `      ${change.field}: ${palette.green(formatValue(change.to))}`;
  return `      ${change.field}: ${palette.red(formatValue(change.from))} → ${palette.green(formatValue(change.to))}`;
}

function renderEnvironmentHeading(environment: EnvironmentResult, palette: Palette): string {
  const who = `environment ${JSON.stringify(environment.name)}`;
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
    lines.push(`${indent}      ${palette.dim(`note: ${environment.note}`)}`);
  if (environment.error !== undefined) {
    lines.push(`${indent}      ${palette.red('error:')} ${environment.error}`);
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
    lines.push(`      ${palette.yellow('warning:')} ${warning}`);
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
    lines.push(`      ${palette.red(`error${status}:`)} ${connection.error}`);
    if (connection.hint !== undefined) lines.push(`      ${palette.bold('hint:')} ${connection.hint}`);
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
    (issue) => `${issue.severity === 'warning' ? 'warning: ' : ''}${formatIssue(issue)}`,
  );
}

/** The plan or apply result as terminal text, ending in a newline. Issues are rendered apart (stderr). */
export function renderTerminalReport(report: RunReport, palette: Palette): string {
  const outcome = summariseOutcome(report);
  const lines: string[] = [];
  const hasConnections = report.connections.length > 0 && !report.isValidationOnly;
  if (hasConnections) {
    const title = report.mode === 'apply' ? 'Omni dbt apply' : 'Omni dbt plan';
    lines.push(palette.bold(`${title} of ${report.configPath}`), '');
    for (const connection of report.connections) lines.push(...renderConnection(connection, palette));
    lines.push('', palette.bold(countActions(report)));
  }
  if (report.fatalError !== undefined && outcome.headline !== report.fatalError) {
    lines.push(palette.red(`Error: ${report.fatalError}`));
  }
  const text = outcome.headline;
  const headline = outcome.isFailure ? palette.red(text) : text;
  lines.push(headline);
  return `${lines.join('\n')}\n`;
}
