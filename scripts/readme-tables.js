// Generates README.md's inputs and outputs tables from action.yml, and its Performance block from
// docs/benchmarks.json, so none of them can disagree with its source. `node scripts/readme-tables.js`
// rewrites them between their markers; `--check` only compares and exits 1 when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderBenchBlock, renderSharedKeySentence } from './bench/readme-block.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const markers = {
  inputs: { start: '<!-- inputs:start -->', end: '<!-- inputs:end -->' },
  outputs: { start: '<!-- outputs:start -->', end: '<!-- outputs:end -->' },
  bench: { start: '<!-- bench:start -->', end: '<!-- bench:end -->' },
  sharedKey: { start: '<!-- shared-key:start -->', end: '<!-- shared-key:end -->' },
};

export class MissingMarkerError extends Error {
  constructor(marker) {
    super(`README.md has no ${marker} marker (each table goes between its start and end markers, in order)`);
    this.name = 'MissingMarkerError';
  }
}

/** Escapes a value for a GitHub-flavoured markdown table cell: `|` would end the cell, a newline the row. */
function escapeCell(text) {
  return String(text)
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

/** Renders inline code that survives backticks inside the value (CommonMark: a longer fence). */
function renderCode(text) {
  const longestRun = Math.max(0, ...(String(text).match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${text}${padding}${fence}`;
}

/**
 * Lays a table out the way Biome's Markdown formatter does (every column padded to its widest cell), so
 * that the README the script writes is already formatted.
 */
function renderTable(header, rows) {
  const widthOf = (cell) => [...cell].length;
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => widthOf(row[column] ?? ''))),
  );
  const renderRow = (row) =>
    `| ${row.map((cell, column) => cell + ' '.repeat(widths[column] - widthOf(cell))).join(' | ')} |`;
  const separator = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [renderRow(header), separator, ...rows.map(renderRow)].join('\n');
}

/** Renders the inputs table (input | default | description) of an action.yml given as text. */
export function renderInputsTable(actionYml) {
  const inputs = parse(actionYml)?.inputs ?? {};
  const rows = Object.entries(inputs).map(([name, input]) => {
    const hasDefault =
      input?.default !== undefined && input?.default !== null && String(input.default) !== '';
    const defaultCell = hasDefault ? escapeCell(renderCode(String(input.default))) : '';
    const required = input?.required === true || input?.required === 'true' ? ' **Required.**' : '';
    return [renderCode(name), defaultCell, `${escapeCell(input?.description ?? '')}${required}`];
  });
  return renderTable(['Input', 'Default', 'Description'], rows);
}

/** Renders the outputs table (output | description) of an action.yml given as text. */
export function renderOutputsTable(actionYml) {
  const outputs = parse(actionYml)?.outputs ?? {};
  const rows = Object.entries(outputs).map(([name, output]) => [
    renderCode(name),
    escapeCell(output?.description ?? ''),
  ]);
  return renderTable(['Output', 'Description'], rows);
}

/** Puts `content` between the markers; `indent` is that of the end marker's line (inside a list item). */
function replaceBetween(text, { start, end }, content, indent = '') {
  const startAt = text.indexOf(start);
  if (startAt === -1) throw new MissingMarkerError(start);
  const endAt = text.indexOf(end, startAt + start.length);
  if (endAt === -1) throw new MissingMarkerError(end);
  return `${text.slice(0, startAt + start.length)}\n${content}\n${indent}${text.slice(endAt)}`;
}

/**
 * Returns README.md's text with both tables rendered from action.yml and, given docs/benchmarks.json, the
 * Performance block from it; the rest is kept byte for byte.
 * @param {string} readme @param {string} actionYml @param {unknown} [benchmarks]
 */
export function updateReadme(readme, actionYml, benchmarks) {
  const withInputs = replaceBetween(readme, markers.inputs, renderInputsTable(actionYml));
  const withOutputs = replaceBetween(withInputs, markers.outputs, renderOutputsTable(actionYml));
  if (benchmarks === undefined) return withOutputs;
  const withBench = replaceBetween(withOutputs, markers.bench, renderBenchBlock(benchmarks));
  return replaceBetween(withBench, markers.sharedKey, renderSharedKeySentence(benchmarks), '  ');
}

/** Drops the padding of table rows: the layout is the formatter's business, the content this script's. */
function normalizeTablePadding(text) {
  return text
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---') : line))
    .join('\n');
}

/**
 * True when README.md's tables say what action.yml says (and its Performance block what
 * docs/benchmarks.json says, when given), however a formatter padded them.
 * @param {string} readme @param {string} actionYml @param {unknown} [benchmarks]
 */
export function isReadmeCurrent(readme, actionYml, benchmarks) {
  return normalizeTablePadding(updateReadme(readme, actionYml, benchmarks)) === normalizeTablePadding(readme);
}

function runCli(args, root = repoRoot) {
  const isCheck = args.includes('--check');
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const actionYml = readFileSync(path.join(root, 'action.yml'), 'utf8');
  const benchmarks = JSON.parse(readFileSync(path.join(root, 'docs/benchmarks.json'), 'utf8'));
  if (isReadmeCurrent(readme, actionYml, benchmarks)) {
    console.log('README.md tables match action.yml, and its Performance block docs/benchmarks.json.');
    return 0;
  }
  if (isCheck) {
    console.error(
      'README.md differs from action.yml or docs/benchmarks.json. Run `npm run readme` and commit README.md.',
    );
    return 1;
  }
  writeFileSync(readmePath, updateReadme(readme, actionYml, benchmarks));
  console.log('README.md tables updated from action.yml, its Performance block from docs/benchmarks.json.');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = runCli(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
