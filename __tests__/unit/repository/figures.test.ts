// The figures the docs quote come from docs/benchmarks.json, what `npm run bench` measured (plus the few
// figures it records as measured by hand). A measured figure is written with a decimal point (`1.06×`,
// `2.2 s`, `116.5 MiB`); whole numbers are settings and bounds (`5 s`, `90 s`) and are not looked up.
// README's Performance block and docs/benchmarks.md are written from the same file by scripts; prose that
// quotes a figure must quote one the file has, at its precision or rounder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBenchBlock, renderSharedKeySentence } from '../../../scripts/bench/readme-block.js';
import { markers } from '../../../scripts/readme-tables.js';
import { REPO_ROOT } from '../../../scripts/runner.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const benchmarks = JSON.parse(read('docs/benchmarks.json')) as Record<string, unknown> & {
  rows: { figure: string; value: string; goal: string; isMet: boolean | null }[];
  node: string;
  platform: string;
  cpus: number;
  date: string;
};

const CHECKED_FILES = [
  'README.md',
  'CHANGELOG.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'sandbox/README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

type Unit = '×' | 's' | 'ms' | 'MiB' | 'KiB' | 'MB';
const UNIT = '(×|ms|s|MiB|KiB|MB)(?![\\w])';

interface QuotedFigure {
  file: string;
  line: number;
  text: string;
  value: number;
  decimals: number;
  unit: Unit;
}

/** Blanks code (fenced blocks and inline spans), keeping offsets: a log line in a code span is no figure. */
function blankCode(markdown: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/** Every decimal figure with a unit in the text, both ends of a range (`0.79–0.95 s`) included. */
function findQuotedFigures(file: string, text: string): QuotedFigure[] {
  const prose = blankCode(text);
  const pattern = new RegExp(`(?<![\\w.])(\\d+\\.\\d+)(?:\\s?[–-]\\s?(\\d+\\.\\d+))?\\s?${UNIT}`, 'g');
  return [...prose.matchAll(pattern)].flatMap((match) => {
    const unit = match[3] as Unit;
    const line = prose.slice(0, match.index).split('\n').length;
    return [match[1], match[2]]
      .filter((number): number is string => number !== undefined)
      .map((number) => ({
        file,
        line,
        text: match[0],
        value: Number(number),
        decimals: number.split('.')[1]?.length ?? 0,
        unit,
      }));
  });
}

/** The figures the JSON holds, by unit: those its strings quote, and its numbers (milliseconds, bytes). */
function collectKnownFigures(json: unknown, renderedBlock: string): Map<Unit, number[]> {
  const known = new Map<Unit, number[]>();
  const add = (unit: Unit, value: number) => known.set(unit, [...(known.get(unit) ?? []), value]);
  const addTokens = (text: string) => {
    for (const match of text.matchAll(new RegExp(`(\\d+(?:\\.\\d+)?)\\s?${UNIT}`, 'g'))) {
      add(match[2] as Unit, Number(match[1]));
    }
  };
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') addTokens(value);
    else if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (typeof value === 'object' && value !== null)
      for (const [name, item] of Object.entries(value)) walk(item, name);
    else if (typeof value === 'number') {
      if (/Ms$/.test(key)) {
        add('ms', value);
        add('s', value / 1000);
      } else if (/bytes$/i.test(key)) {
        add('KiB', value / 1024);
        add('MiB', value / 1024 / 1024);
      } else if (/KiB$/.test(key)) add('MiB', value / 1024);
      else if (/MB$/.test(key)) add('MB', value);
      else add('×', value);
    }
  };
  walk(json, '');
  addTokens(renderedBlock);
  return known;
}

/** A figure quoted at `decimals` places is one of the known ones if it is that one, rounded. */
function isKnown(figure: QuotedFigure, known: Map<Unit, number[]>): boolean {
  const tolerance = 0.5 * 10 ** -figure.decimals + 1e-9;
  return (known.get(figure.unit) ?? []).some((value) => Math.abs(value - figure.value) <= tolerance);
}

const known = collectKnownFigures(benchmarks, renderBenchBlock(benchmarks));

describe('figures quoted in the docs', () => {
  const quoted = CHECKED_FILES.flatMap((file) => findQuotedFigures(file, read(file)));

  it('are found where the docs quote them', () => {
    expect(quoted.filter((figure) => figure.file === 'README.md').length).toBeGreaterThan(20);
    expect(quoted.filter((figure) => figure.file === 'docs/benchmarks.md').length).toBeGreaterThan(20);
  });

  it('are each in docs/benchmarks.json (at the precision quoted, or rounder)', () => {
    const missing = quoted
      .filter((figure) => !isKnown(figure, known))
      .map((figure) => `${figure.file}:${figure.line}: ${figure.text}`);
    expect(missing).toEqual([]);
  });
});

describe("README.md's measured figures", () => {
  const readme = read('README.md');
  const readBetween = ({ start, end }: { start: string; end: string }) => {
    expect(readme).toContain(start);
    return readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end));
  };
  const dropPadding = (text: string) => text.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---').trim();

  it('in the Performance block are what scripts/bench/readme-block.js renders from docs/benchmarks.json', () => {
    expect(dropPadding(readBetween(markers.bench))).toBe(dropPadding(renderBenchBlock(benchmarks)));
  });

  it('in "Rate limits, retries and cancellation" are the shared-key runs of docs/benchmarks.json', () => {
    expect(dropPadding(readBetween(markers.sharedKey))).toBe(
      dropPadding(renderSharedKeySentence(benchmarks)),
    );
  });
});

describe('docs/benchmarks.md', () => {
  const markdown = read('docs/benchmarks.md');

  it("opens with the run's Node, platform and date", () => {
    expect(markdown).toContain(
      `Node ${benchmarks.node} on ${benchmarks.platform} (${benchmarks.cpus} cores), ${benchmarks.date}.`,
    );
  });

  it('has the rows of docs/benchmarks.json, in order (npm run bench writes both)', () => {
    const tableRows = markdown
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .slice(2)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const mark = (isMet: boolean | null) => (isMet === null ? '' : isMet ? 'met' : 'MISSED');
    expect(tableRows).toEqual(
      benchmarks.rows.map((row) => [row.figure, row.value, row.goal, mark(row.isMet)]),
    );
  });
});

describe('findQuotedFigures and isKnown', () => {
  it('find decimal figures outside code, ranges whole, and match them rounded', () => {
    const figures = findQuotedFigures(
      'x.md',
      'took 1.06× and 0.79–0.95 s, `Waiting 6.0 s`, 90 s\n```\n2.5 s\n```',
    );
    expect(figures.map((figure) => `${figure.value}${figure.unit}`)).toEqual(['1.06×', '0.79s', '0.95s']);
    const sample = collectKnownFigures({ wallMs: 2150, rows: [{ value: '1.06× the floor' }] }, '');
    const [ratio, seconds] = findQuotedFigures('x.md', 'about 1.2× and 2.2 s');
    expect(ratio && isKnown(ratio, sample)).toBe(false);
    expect(seconds && isKnown(seconds, sample)).toBe(true);
  });
});
