// Links and file references in the docs resolve: every relative markdown link to a file of this repository
// (and its `#anchor` to a heading of that file), every `path/to/file` in backticks, and every path under a
// top-level directory named in prose, code blocks or YAML comments.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/runner.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

function listFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

const CHECKED_FILES = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  'SECURITY.md',
  'sandbox/README.md',
  ...listFiles('docs').filter((file) => file.endsWith('.md')),
  ...listFiles('examples'),
];

/** The repository's top-level directories: a path that starts with one is a file reference. */
const TOP_LEVEL_DIRECTORIES = readdirSync(REPO_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['.git', 'node_modules', 'build'].includes(entry.name))
  .map((entry) => entry.name);

/**
 * Paths the docs name that are not files of this repository, and why. Module paths in backticks may be
 * written from `src/`, `src/core/` or `dist/` (CONTRIBUTING's layout does), which RELATIVE_BASES covers.
 */
const NOT_REPOSITORY_FILES: { pattern: RegExp; why: string }[] = [
  { pattern: /^\.git\/hooks\/pre-commit$/, why: "the user's own git hook (docs/cli.md)" },
  {
    pattern: /^\.github\/workflows\/omni-dbt-[\w-]+\.yml$/,
    why: "the adopter's workflow that an example in examples/workflows/ is copied to",
  },
  { pattern: /^feature\/new-metrics$/, why: "a model branch of the sandbox's seed (sandbox/README.md)" },
  {
    pattern: /^(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc|US)\/[\w+-]+$/i,
    why: 'an IANA time zone (README, "Schema refresh schedules"), written as a user writes it',
  },
];
const isNotRepositoryFile = (target: string) =>
  NOT_REPOSITORY_FILES.some(({ pattern }) => pattern.test(target));
const RELATIVE_BASES = ['', 'src/', 'src/core/', 'dist/'];

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function listAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of stripCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Blanks fenced code blocks (keeping every offset), where links are not links. */
function stripCodeBlocks(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

interface Reference {
  file: string;
  line: number;
  target: string;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** `[text](target)` and `![alt](target)` outside code, with targets that are not URLs. */
function findMarkdownLinks(file: string, text: string): Reference[] {
  const prose = stripCodeBlocks(text).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .filter(([, target = '']) => !/^[a-z][a-z+.-]*:/i.test(target))
    .map((match) => ({ file, line: lineOf(text, match.index), target: match[1] ?? '' }));
}

/** `a/b/c.ts` in backticks outside code blocks: anything with a slash that looks like a path. */
function findBacktickedPaths(file: string, text: string): Reference[] {
  return [...stripCodeBlocks(text).matchAll(/`([\w.-]+(?:\/[\w.-]+)+\/?)`/g)]
    .filter(([, target = '']) => !/^\.?\.?\//.test(target) && !target.includes('..'))
    .map((match) => ({ file, line: lineOf(text, match.index), target: match[1] ?? '' }));
}

/** A path under a top-level directory anywhere in the text (code blocks and YAML comments included). */
function findTopLevelPaths(file: string, text: string): Reference[] {
  const withoutUrls = text.replace(/\b[a-z][a-z+.-]*:\/\/\S+/gi, (url) => ' '.repeat(url.length));
  const directories = TOP_LEVEL_DIRECTORIES.map((name) => name.replace(/[.]/g, '\\.')).join('|');
  const pattern = new RegExp(`(?<![\\w./:@-])((?:${directories})/[\\w./-]*[\\w/])`, 'g');
  return [...withoutUrls.matchAll(pattern)].map((match) => ({
    file,
    line: lineOf(text, match.index),
    target: match[1] ?? '',
  }));
}

const exists = (relative: string) => existsSync(path.join(REPO_ROOT, relative));

/** The file references of every checked file (markdown links aside). */
function findFileReferences(): Reference[] {
  return CHECKED_FILES.flatMap((file) => {
    const text = read(file);
    return file.endsWith('.md')
      ? [...findBacktickedPaths(file, text), ...findTopLevelPaths(file, text)]
      : findTopLevelPaths(file, text);
  });
}

describe('links and file references in the docs', () => {
  it('checks the files the docs are made of', () => {
    expect(CHECKED_FILES).toEqual(
      expect.arrayContaining(['README.md', 'docs/cli.md', 'examples/omni-dbt.yml']),
    );
    expect(TOP_LEVEL_DIRECTORIES).toEqual(expect.arrayContaining(['src', 'docs', '__tests__', '.github']));
  });

  it('resolve every relative markdown link to a file, and its #anchor to a heading there', () => {
    const broken: string[] = [];
    for (const file of CHECKED_FILES.filter((name) => name.endsWith('.md'))) {
      for (const link of findMarkdownLinks(file, read(file))) {
        const [target = '', anchor] = link.target.split('#');
        const resolved =
          target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        const where = `${file}:${link.line}: ${link.target}`;
        if (!exists(resolved)) {
          broken.push(`${where} (no ${resolved})`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !listAnchors(read(resolved)).has(anchor)) {
          broken.push(`${where} (no heading #${anchor} in ${resolved})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('resolve every `path/to/file` in backticks and every path under a top-level directory', () => {
    const references = findFileReferences();
    expect(references.length).toBeGreaterThan(40);
    const broken = references
      .filter((reference) => !isNotRepositoryFile(reference.target))
      .filter((reference) => !RELATIVE_BASES.some((base) => exists(`${base}${reference.target}`)))
      .map((reference) => `${reference.file}:${reference.line}: ${reference.target}`);
    expect([...new Set(broken)]).toEqual([]);
  });

  it('keeps its list of paths that are not repository files current', () => {
    const targets = findFileReferences().map((reference) => reference.target);
    for (const { pattern, why } of NOT_REPOSITORY_FILES) {
      const named = targets.filter((target) => pattern.test(target));
      expect(named.length, `${pattern} (${why}) is still named`).toBeGreaterThan(0);
      for (const target of named) expect(exists(target), `${target} is not in the repository`).toBe(false);
    }
  });
});

describe('listAnchors', () => {
  it("makes GitHub's anchors, numbering repeats", () => {
    const markdown = [
      '# The config file, `omni-dbt.yml`',
      "## Step 0: import connections that aren't there",
      '## Inputs',
      '## Inputs',
      '```',
      '# not a heading',
      '```',
      '### Command line: [`omni-dbt`](docs/cli.md)',
    ].join('\n');
    expect([...listAnchors(markdown)]).toEqual([
      'the-config-file-omni-dbtyml',
      'step-0-import-connections-that-arent-there',
      'inputs',
      'inputs-1',
      'command-line-omni-dbt',
    ]);
  });
});
