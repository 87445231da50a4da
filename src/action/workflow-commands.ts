// The runner's workflow-command protocol as @actions/core 3 writes it (its lib/command.js, file-command.js,
// utils.js and getInput), as pure text for log.ts to write. Here rather than imported: @actions/core's only
// entry loads undici (oidc-utils → @actions/http-client), a third of every cold start (docs/benchmarks.md,
// "Cold start"). __tests__/unit/action/workflow-commands.test.ts holds it to @actions/core's own output.
import { EOL } from 'node:os';

/** Where an annotation points (@actions/core's AnnotationProperties). */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type CommandProperties = Record<string, string | number | undefined>;

/** `%`, CR and LF, percent-encoded: the runner decodes them, and a line break cannot start another command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** escapeData, and `:` and `,`, which end a property. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::name key=value,…::data`, without its line end. As @actions/core writes it: a property without a value
 * (undefined, empty, 0) is left out, and any properties at all put a space after the name.
 */
export function formatCommand(name: string, properties: CommandProperties, data: string): string {
  const pairs = Object.entries(properties)
    .filter(([, value]) => Boolean(value))
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  const props = Object.keys(properties).length === 0 ? '' : ` ${pairs.join(',')}`;
  return `::${name}${props}::${escapeData(data)}`;
}

/** An annotation's properties under the names the runner reads (`line`, `col`, …); none for none. */
export function toCommandProperties(annotation: AnnotationProperties = {}): CommandProperties {
  if (Object.keys(annotation).length === 0) return {};
  return {
    title: annotation.title,
    file: annotation.file,
    line: annotation.startLine,
    endLine: annotation.endLine,
    col: annotation.startColumn,
    endColumn: annotation.endColumn,
  };
}

/**
 * One entry of a file command (GITHUB_OUTPUT): `name<<delimiter`, the value, the delimiter, with a random
 * delimiter that neither the name nor the value may contain, so that no value can end the entry early.
 */
export function formatFileEntry(
  name: string,
  value: string,
  // Web Crypto's, a global: importing node:crypto would load its streams at every start.
  delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`,
): string {
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (value.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

/** An input of the step (`INPUT_<NAME>`, spaces as `_`, hyphens kept), trimmed; empty when unset. */
export function readInput(env: Readonly<Record<string, string | undefined>>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
