// The one redaction of secrets, used by the Omni transport and by every byte the CLI writes.
import { describe, expect, it } from 'vitest';
import { redactSecret } from '../../../src/core/secrets.js';

describe('redactSecret', () => {
  it.each([
    ['Bearer tok-123 failed', 'tok-123', 'Bearer *** failed'],
    ['tok-123tok-123 twice', 'tok-123', '****** twice'],
    ['a secret with spaces around it', '  tok-123  ', 'a secret with spaces around it'],
    ['the value tok-123 pasted', ' tok-123\n', 'the value *** pasted'],
    ['nothing to hide', 'tok-123', 'nothing to hide'],
    // Too short to be a real key: hiding it would blank out ordinary words.
    ['an abc in a word', 'abc', 'an abc in a word'],
    ['empty secret', '', 'empty secret'],
  ])('%j without %j is %j', (text, secret, expected) => {
    expect(redactSecret(text, secret)).toBe(expected);
  });
});
