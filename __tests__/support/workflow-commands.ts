// Reads a step's stdout as the GitHub runner does (actions/runner, src/Runner.Common/ActionCommand.cs): a
// line is a command when, leading white space trimmed, it starts with `::name`, or when it holds the legacy
// `##[name]` form anywhere; the names are those the runner registers.

/** The commands the runner acts on (its command extensions, plus stop-commands). */
export const RUNNER_COMMANDS = [
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
] as const;

export interface WorkflowCommand {
  name: string;
  /** The command's data, as the runner unescapes it (%0D, %0A, %25). */
  data: string;
  line: string;
}

/** .NET's TrimStart: Unicode white space, NEL and the Mongolian vowel separator included. */
const LEADING_SPACE = /^[\s\u0085\u180e]+/;

const isRunnerCommand = (name: string) => (RUNNER_COMMANDS as readonly string[]).includes(name);

/** Every command the runner would act on in `stdout`: TryParseV2, then TryParse, on each line. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(LEADING_SPACE, '');
    const end = trimmed.startsWith('::') ? trimmed.indexOf('::', 2) : -1;
    const v2Name = end < 0 ? undefined : trimmed.slice(2, end).split(' ')[0];
    if (v2Name !== undefined && isRunnerCommand(v2Name)) {
      commands.push({ name: v2Name, data: unescapeData(trimmed.slice(end + 2)), line });
      continue;
    }
    const prefix = line.indexOf('##[');
    const bracket = prefix < 0 ? -1 : line.indexOf(']', prefix);
    const v1Name = bracket < 0 ? undefined : line.slice(prefix + 3, bracket).split(' ')[0];
    if (v1Name !== undefined && isRunnerCommand(v1Name)) {
      commands.push({ name: v1Name, data: line.slice(bracket + 1), line });
    }
  }
  return commands;
}

function unescapeData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
