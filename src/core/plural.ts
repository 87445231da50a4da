// A count and its noun, as every front end words it: "1 connection", "3 connections", "2 branches".

/** `count` and its noun, the singular for 1 (`nouns` for an irregular plural). */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The same with the count grouped as en-US writes it ("20,000 issues"): for counts of Omni's content. */
export function pluralGrouped(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}
