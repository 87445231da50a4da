// How long a text is where GitHub counts it: a comment in characters (string length), a step summary in
// bytes of UTF-8. The report renderers measure with this before they cut anything.

export interface TextSize {
  chars: number;
  bytes: number;
}

export function measureText(text: string): TextSize {
  return { chars: text.length, bytes: Buffer.byteLength(text, 'utf8') };
}
