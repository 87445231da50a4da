// The action's one writer to the runner: log lines, groups, annotations, outputs, the job summary and the
// failure all go through here, redacted by the run's redactor and escaped for the workflow-command
// protocol, so that no call site has to remember either (README, "What is redacted and escaped, and where").
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { createRedactor, type Redactor } from '../core/secrets.js';
import {
  type AnnotationProperties,
  formatCommand,
  formatFileEntry,
  toCommandProperties,
} from './workflow-commands.js';

export interface ActionLog {
  /** The run's redactor: the action's secrets are added here (and so masked with the runner: `add-mask`). */
  readonly redactor: Redactor;
  info(text: string): void;
  warning(text: string, properties?: AnnotationProperties): void;
  error(text: string, properties?: AnnotationProperties): void;
  startGroup(title: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Fails the step with `text` as its error. */
  setFailed(text: string): void;
  /** Appends markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
}

/** One line of the step's stdout, which the runner reads as its log and its commands. */
function writeLine(line: string): void {
  process.stdout.write(`${line}${EOL}`);
}

/** A workflow command; formatCommand escapes its data and properties (workflow-commands.ts). */
function issueCommand(
  name: string,
  properties: Record<string, string | number | undefined>,
  data: string,
): void {
  writeLine(formatCommand(name, properties, data));
}

/** Appends an entry to a file command's file (GITHUB_OUTPUT), which the runner must have made. */
function appendFileCommand(command: 'OUTPUT', entry: string): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  appendFileSync(filePath, `${entry}${EOL}`, { encoding: 'utf8' });
}

/** Appends to the job summary (GITHUB_STEP_SUMMARY), a file the runner makes for each step. */
async function appendSummary(markdown: string): Promise<void> {
  const filePath = process.env.GITHUB_STEP_SUMMARY;
  if (!filePath) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  }
  try {
    await access(filePath, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`,
    );
  }
  await appendFile(filePath, markdown, { encoding: 'utf8' });
}

/** The log of one run; each secret added to its redactor is also masked with the runner (`add-mask`). */
export function createActionLog(
  redactor: Redactor = createRedactor({ onSecret: (value) => issueCommand('add-mask', {}, value) }),
): ActionLog {
  const redact = (text: string) => redactor.redact(text);
  const redactProperties = (properties: AnnotationProperties | undefined) =>
    properties === undefined
      ? undefined
      : {
          ...properties,
          ...(properties.title === undefined ? {} : { title: redact(properties.title) }),
          ...(properties.file === undefined ? {} : { file: redact(properties.file) }),
        };
  const annotate = (name: 'warning' | 'error', text: string, properties?: AnnotationProperties) =>
    issueCommand(name, toCommandProperties(redactProperties(properties)), redact(text));
  const log: ActionLog = {
    redactor,
    info: (text) => writeLine(escapePlainLine(redact(text))),
    // Commands: their data and properties are escaped as @actions/core escapes them (escapeData and
    // escapeProperty), the runner's canonical escaping; their data cannot start another command.
    warning: (text, properties) => annotate('warning', text, properties),
    error: (text, properties) => annotate('error', text, properties),
    startGroup: (title) => issueCommand('group', {}, redact(title)),
    endGroup: () => issueCommand('endgroup', {}, ''),
    setOutput: (name, value) => {
      if (process.env.GITHUB_OUTPUT) {
        appendFileCommand('OUTPUT', formatFileEntry(name, redact(value)));
        return;
      }
      // No file (a runner older than GITHUB_OUTPUT): the legacy command, after a line end of its own.
      process.stdout.write(EOL);
      issueCommand('set-output', { name }, redact(value));
    },
    setFailed: (text) => {
      process.exitCode = 1;
      annotate('error', text);
    },
    writeSummary: (markdown) => appendSummary(redact(markdown)),
  };
  return log;
}

// The runner reads a line as a command when it starts with `::` once leading white space is trimmed (.NET's
// TrimStart: NEL and the Mongolian vowel separator included), or when it holds the legacy `##[name]` form
// anywhere (actions/runner, src/Runner.Common/ActionCommand.cs: TryParseV2, then TryParse).
const LEADING_COMMAND = /^([\s\u0085\u180e]*)::/;
const LEGACY_COMMAND = /##\[/g;
// Line breaks (the runner splits on CR and LF), other C0 and C1 controls, and the Unicode line separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A plain log line (written as it is: only commands are escaped by the protocol) that cannot issue a workflow
 * command: line breaks and other controls are shown percent-encoded as escapeData writes them (`%0A`), a
 * leading `::` becomes `%3A:`, and `##[` becomes `##%5B`.
 */
export function escapePlainLine(text: string): string {
  return text
    .replace(CONTROL_CHARACTER, (character) => {
      const code = character.charCodeAt(0);
      return code > 0xff
        ? `%u${code.toString(16).toUpperCase()}`
        : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .replace(LEADING_COMMAND, (_whole, space: string) => `${space}%3A:`)
    .replace(LEGACY_COMMAND, '##%5B');
}
