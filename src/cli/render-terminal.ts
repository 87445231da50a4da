// Pure rendering of a run for a terminal, in the manner of `terraform plan`: one line per connection
// (+ create, ~ update, unchanged), its field changes, errors with hints, and a closing count.
import { formatIssue } from '../config/load.js';
import type { ConnectionResult, FieldChange, RunReport } from '../plan/types.js';
import { summariseOutcome } from '../report/outcome.js';

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

/** The core words things as the action's inputs; on the command line their counterparts are these. */
const CLI_WORDING: [RegExp, string][] = [
  [/Input "connections"/g, '--connections'],
  [/Input "api-token"/g, 'OMNI_API_TOKEN'],
  [/Input "omni-url"/g, 'OMNI_URL'],
  [/set allow-custom-host: true/g, 'pass --allow-custom-host'],
  [/The api-token\b/g, 'OMNI_API_TOKEN'],
  [/(?<![-\w])api-token(?![-\w])/g, 'OMNI_API_TOKEN'],
  [/(?<![-\w])omni-url(?![-\w])/g, 'OMNI_URL'],
  [/(?<![-\w])(allow-custom-host|max-requests-per-minute|rotate-keys)(?![-\w])/g, '--$1'],
  [/re-run the job/g, 're-run'],
  [/from the runner/g, 'from this machine'],
];

/** Rewords a message of the core (error, hint, headline) for the command line. */
export function adaptMessageForCli(text: string): string {
  return CLI_WORDING.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

function formatValue(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function describeConnection(connection: ConnectionResult): string {
  return connection.name === undefined
    ? connection.connectionId
    : `${connection.name} (${connection.connectionId})`;
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
      return connection.status === 'unchanged'
        ? `  ${palette.dim(`  unchanged  ${who}`)}`
        : // Unchanged yet sent: --force or --rotate-keys.
          `  ${palette.yellow('~ unchanged')}  ${palette.bold(who)}${failed}`;
    case undefined:
      return `  ${palette.red('! failed')}     ${palette.bold(who)}`;
  }
}

function renderChange(change: FieldChange, isCreate: boolean, palette: Palette): string {
  if (isCreate) return `      ${change.field}: ${palette.green(formatValue(change.to))}`;
  return `      ${change.field}: ${palette.red(formatValue(change.from))} → ${palette.green(formatValue(change.to))}`;
}

function renderConnection(connection: ConnectionResult, palette: Palette): string[] {
  const lines = [renderHeading(connection, palette)];
  for (const change of connection.changes)
    lines.push(renderChange(change, connection.action === 'create', palette));
  if (connection.rotateKeys && connection.status === 'applied') {
    lines.push(
      `      ${palette.yellow('deploy key rotated:')} copy the new public key from this connection's dbt settings in Omni and replace the deploy key on your git host.`,
    );
  } else if (connection.rotateKeys && connection.status !== 'skipped') {
    lines.push(`      ${palette.yellow('rotateKeys:')} the deploy key will be rotated`);
  }
  if (connection.error !== undefined) {
    const status = connection.httpStatus === undefined ? '' : ` (HTTP ${connection.httpStatus})`;
    lines.push(`      ${palette.red(`error${status}:`)} ${adaptMessageForCli(connection.error)}`);
    if (connection.hint !== undefined)
      lines.push(`      ${palette.bold('hint:')} ${adaptMessageForCli(connection.hint)}`);
  }
  return lines;
}

function countActions(report: RunReport): string {
  const count = (action: string) => report.connections.filter((c) => c.action === action).length;
  if (report.mode === 'dry-run') {
    return `Plan: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged.`;
  }
  const countStatus = (status: string) => report.connections.filter((c) => c.status === status).length;
  const applied = countStatus('applied');
  const failed = countStatus('failed');
  const skipped = countStatus('skipped');
  const extra = `${failed > 0 ? `, ${failed} failed` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  return `Apply: ${applied} applied, ${countStatus('unchanged')} unchanged${extra}.`;
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
    lines.push(palette.red(`Error: ${adaptMessageForCli(report.fatalError)}`));
  }
  const text = adaptMessageForCli(outcome.headline);
  const headline = outcome.isFailure ? palette.red(text) : text;
  lines.push(headline);
  return `${lines.join('\n')}\n`;
}
