// Reads the config file for either front end; a file that cannot be read becomes a message that says how
// to fix it, in the front end's terms.
import type { FrontEndTerms } from './terms.js';

export type ReadConfigResult = { ok: true; text: string } | { ok: false; error: string };

export async function readConfigText(
  readTextFile: (absolutePath: string) => Promise<string>,
  absolutePath: string,
  shownPath: string,
  terms: FrontEndTerms,
): Promise<ReadConfigResult> {
  try {
    return { ok: true, text: await readTextFile(absolutePath) };
  } catch (error) {
    return { ok: false, error: describeReadError(error, shownPath, terms) };
  }
}

export function describeReadError(error: unknown, shownPath: string, terms: FrontEndTerms): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${shownPath}: ${terms.missingConfigAdvice}`;
  if (code === 'EISDIR') return `${shownPath}: is a directory, not a config file.`;
  return `${shownPath}: could not be read (${code ?? String(error)}).`;
}
