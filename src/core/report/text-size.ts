// How long a text is where GitHub counts it: a comment in characters (string length), a step summary in
// bytes of UTF-8. The report renderers measure with this before they cut anything, and add, subtract and
// compare sizes with the helpers here.

export interface TextSize {
  chars: number;
  bytes: number;
}

export const NO_SIZE: TextSize = { chars: 0, bytes: 0 };
export const UNLIMITED_SIZE: TextSize = { chars: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY };

export function measureText(text: string): TextSize {
  return { chars: text.length, bytes: Buffer.byteLength(text, 'utf8') };
}

/** The same length in both units: a text of ASCII only (separators, reserves). */
export function asciiSize(length: number): TextSize {
  return { chars: length, bytes: length };
}

export function addSize(a: TextSize, b: TextSize): TextSize {
  return { chars: a.chars + b.chars, bytes: a.bytes + b.bytes };
}

export function subtractSize(a: TextSize, b: TextSize): TextSize {
  return { chars: a.chars - b.chars, bytes: a.bytes - b.bytes };
}

export function sumSizes(sizes: readonly TextSize[]): TextSize {
  return sizes.reduce(addSize, NO_SIZE);
}

/** Whether `size` fits `room` in both units. */
export function isWithin(size: TextSize, room: TextSize): boolean {
  return size.chars <= room.chars && size.bytes <= room.bytes;
}
