// How text from outside (names, keys, values, messages of Omni and GitHub) is written into the job summary
// and the PR comment, so that it shows as text and does nothing: no HTML, no link or image, no mention,
// no code block or table cell it can close. Every such value goes through one of these.

const ZERO_WIDTH_SPACE = '\u200B';
const ZERO_WIDTH_JOINER = '\u200D';

/**
 * Keeps GitHub from turning `@team` or `@user` in a connection name, an error or a hint into a mention
 * that notifies people: a zero-width joiner after the `@` leaves the text readable but no longer a mention
 * (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams).
 * An `@` inside a word (an email address, `git@github.com`) is no mention and is left alone.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/(?<![A-Za-z0-9_.+-])@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`);
}

/**
 * Breaks what GitHub (and GFM renderers) would turn into a link by themselves: `http://`, `https://`,
 * `ftp://`, `www.` and e-mail addresses (https://github.github.com/gfm/#autolinks-extension-). A zero-width
 * character between the scheme and its `:`, after `www`, or after an address's `@` is invisible and ends
 * the match.
 */
function breakAutolinks(text: string): string {
  return text
    .replace(/(https?|ftp|mailto|xmpp)(?=:)/gi, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/\b(www)(?=\.)/gi, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/(?<=[A-Za-z0-9_.+-])@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`);
}

function flattenLines(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

/**
 * Outside text in markdown (a table cell, a quote, bold text): one line; `&`, `<`, `>` as entities (no
 * raw HTML); the punctuation that opens code, emphasis, links and images (`[x](y)`, `![x](y)`) and table
 * cells backslash-escaped; no mention; no autolink.
 */
export function escapeMarkdownText(text: string): string {
  return breakAutolinks(neutraliseMentions(flattenLines(text)))
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Outside text inside raw HTML (the `<summary>` of a `<details>`): entities, one line, no mention or link. */
export function escapeHtmlText(text: string): string {
  return breakAutolinks(neutraliseMentions(flattenLines(text)))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function findLongestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * Outside text as inline code: delimited by one backtick more than its longest run of backticks (so
 * none in it can close the span), padded when it starts or ends with one (https://spec.commonmark.org/0.31.2/#code-spans).
 * Inside a table cell, `|` is escaped too: GFM splits cells before it reads code spans.
 */
export function formatCodeSpan(text: string, options: { isInTable: boolean }): string {
  let content = flattenLines(text);
  if (options.isInTable) content = content.replace(/\|/g, '\\|');
  const fence = '`'.repeat(findLongestBacktickRun(content) + 1);
  const padding = /^[`\s]|[`\s]$/.test(content) && content.trim() !== '' ? ' ' : '';
  return `${fence}${padding}${content}${padding}${fence}`;
}

/**
 * Lines of outside text as a fenced code block whose fence (at least three backticks) is longer than any
 * run of backticks in them, so no line can close it (https://spec.commonmark.org/0.31.2/#fenced-code-blocks).
 */
export function formatCodeBlock(lines: readonly string[], info: string): string {
  const body = lines.join('\n');
  const fence = '`'.repeat(Math.max(3, findLongestBacktickRun(body) + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A link whose text is outside text, to an address the caller has checked (README, "Impact on Omni": only
 * http(s) on the Omni instance's host). The address is serialised by `URL` (no raw space, `<`, `>` or line
 * break left) and written as `<…>`, with `|` encoded so that it cannot split a table cell.
 */
export function formatMarkdownLink(text: string, href: string): string {
  const address = new URL(href).href.replace(/\|/g, '%7C');
  return `[${escapeMarkdownText(text)}](<${address}>)`;
}
