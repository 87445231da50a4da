// What an API token must be before it is sent (README, "Getting an Omni API key"): checked by the run before
// it loads the client, by the CLI before it reads a file, and by the transport that sends it.

/**
 * Why a token cannot be used, or undefined: header values must be visible ASCII, and fetch's own error
 * would quote the value, token and all.
 */
export function checkApiToken(token: string): string | undefined {
  if (token.trim() === '') return 'is empty';
  if (!/^[\x21-\x7e]+$/.test(token.trim())) {
    return 'contains a space, line break or non-ASCII character and cannot be sent: copy the key again';
  }
  return undefined;
}
