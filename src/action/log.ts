// The action's one writer to the runner: log lines, groups, annotations, outputs, the job summary and the
// failure all go through here, redacted by the run's redactor and escaped for the workflow-command
// protocol, so that no call site has to remember either (README, "What is redacted and escaped, and where").
import * as core from '@actions/core';
import { createRedactor, type Redactor } from '../core/secrets.js';

export interface ActionLog {
  /** The run's redactor: the action's secrets are added here (and so passed to core.setSecret). */
  readonly redactor: Redactor;
  info(text: string): void;
  warning(text: string, properties?: core.AnnotationProperties): void;
  error(text: string, properties?: core.AnnotationProperties): void;
  startGroup(title: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Fails the step with `text` as its error. */
  setFailed(text: string): void;
  /** Appends markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
}

/** The log of one run; each secret added to its redactor is also passed to core.setSecret. */
export function createActionLog(
  redactor: Redactor = createRedactor({ onSecret: (value) => core.setSecret(value) }),
): ActionLog {
  const redact = (text: string) => redactor.redact(text);
  const redactProperties = (properties: core.AnnotationProperties | undefined) =>
    properties === undefined
      ? undefined
      : {
          ...properties,
          ...(properties.title === undefined ? {} : { title: redact(properties.title) }),
          ...(properties.file === undefined ? {} : { file: redact(properties.file) }),
        };
  const log: ActionLog = {
    redactor,
    info: (text) => core.info(escapePlainLine(redact(text))),
    // Commands: @actions/core escapes their data and properties itself (command.ts: escapeData and
    // escapeProperty), the runner's canonical escaping; their data cannot start another command.
    warning: (text, properties) => core.warning(redact(text), redactProperties(properties)),
    error: (text, properties) => core.error(redact(text), redactProperties(properties)),
    startGroup: (title) => core.startGroup(redact(title)),
    endGroup: () => core.endGroup(),
    setOutput: (name, value) => core.setOutput(name, redact(value)),
    setFailed: (text) => core.setFailed(redact(text)),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(redact(markdown)).write();
    },
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
 * A plain log line (core.info does no escaping at all) that cannot issue a workflow command: line breaks
 * and other controls are shown percent-encoded as escapeData writes them (`%0A`), a leading `::` becomes
 * `%3A:`, and `##[` becomes `##%5B`.
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
