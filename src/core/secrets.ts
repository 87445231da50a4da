// Keeps secrets out of text that people see: the one redaction used by the Omni transport and the CLI.

/** Secrets shorter than this are not searched for: they would blank out ordinary words. */
const MIN_REDACTED_LENGTH = 4;

/** `text` with every occurrence of `secret` replaced by `***`. */
export function redactSecret(text: string, secret: string): string {
  const value = secret.trim();
  return value.length < MIN_REDACTED_LENGTH ? text : text.split(value).join('***');
}
