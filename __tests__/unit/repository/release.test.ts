// A release that matches the docs: CHANGELOG.md's sections, package.json's version and the versions the
// README, docs/ and examples/ tell users to pin agree (CONTRIBUTING.md, "Releasing").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/runner.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const REPOSITORY_URL = 'https://github.com/omni-dbt/omni-dbt-action';

interface Release {
  version: string;
  date: string;
}

/** `## [1.1.0] - 2026-12-01` sections, in the file's order; `## [Unreleased]` is not a release. */
function readReleases(changelog: string): Release[] {
  return [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map(
    ([, version = '', date = '']) => ({ version, date }),
  );
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) {
    const difference = (pa?.[i] ?? 0) - (pb?.[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The files whose text tells users which version to pin. */
function listPinningFiles(): string[] {
  const underExamples = (dir: string): string[] =>
    readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? underExamples(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
    );
  const docs = readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return [
    'README.md',
    'SECURITY.md',
    'CONTRIBUTING.md',
    '.pre-commit-hooks.yaml',
    ...docs,
    ...underExamples('examples'),
  ];
}

interface Pin {
  file: string;
  line: number;
  text: string;
  version: string;
}

// A full version pinned for this project: the action's tag, the CLI package, a pre-commit `rev:`, the tag a
// SHA pin names in its comment, and a tag quoted on its own (`@v1.1.0`).
const FULL_PINS = [
  /omni-dbt-action@v(\d+\.\d+\.\d+)\b/g,
  /@omni-dbt\/cli@(\d+\.\d+\.\d+)\b/g,
  /\brev: v(\d+\.\d+\.\d+)\b/g,
  /omni-dbt-action@\S+ # v(\d+\.\d+\.\d+)\b/g,
  /`@v(\d+\.\d+\.\d+)`/g,
];
// A major version: `@v1`, `@omni-dbt/cli@1`.
const MAJOR_PINS = [/omni-dbt-action@v(\d+)(?![.\d])/g, /@omni-dbt\/cli@(\d+)(?![.\d])/g];

function findPins(patterns: readonly RegExp[]): Pin[] {
  return listPinningFiles().flatMap((file) =>
    read(file)
      .split('\n')
      .flatMap((text, index) =>
        patterns.flatMap((pattern) =>
          [...text.matchAll(pattern)].map(([, version = '']) => ({ file, line: index + 1, text, version })),
        ),
      ),
  );
}

const changelog = read('CHANGELOG.md');
const releases = readReleases(changelog);
const packageJson = JSON.parse(read('package.json')) as { version: string };
const packageLock = JSON.parse(read('package-lock.json')) as {
  version: string;
  packages: Record<string, { version?: string }>;
};
const newest = releases[0]?.version ?? '';

describe('CHANGELOG.md', () => {
  it('keeps an Unreleased section above the releases, for the next entries', () => {
    const unreleasedAt = changelog.indexOf('\n## [Unreleased]\n');
    const firstReleaseAt = changelog.search(/^## \[\d/m);
    expect(unreleasedAt).toBeGreaterThan(0);
    expect(unreleasedAt).toBeLessThan(firstReleaseAt);
  });

  it('lists its releases newest first, each dated no earlier than the one before', () => {
    expect(releases.length).toBeGreaterThan(0);
    for (let i = 1; i < releases.length; i += 1) {
      const [later, earlier] = [releases[i - 1], releases[i]] as [Release, Release];
      expect(
        compareVersions(later.version, earlier.version),
        `${later.version} above ${earlier.version}`,
      ).toBe(1);
      expect(later.date >= earlier.date, `${later.version} dated ${later.date}`).toBe(true);
    }
  });

  it('links each release to its changes, and Unreleased to what came after the newest', () => {
    const links = Object.fromEntries(
      [...changelog.matchAll(/^\[([^\]]+)\]: (\S+)$/gm)].map(([, name = '', url = '']) => [name, url]),
    );
    const expected: Record<string, string> = {
      Unreleased: `${REPOSITORY_URL}/compare/v${newest}...HEAD`,
    };
    releases.forEach(({ version }, index) => {
      const previous = releases[index + 1]?.version;
      expected[version] =
        previous === undefined
          ? `${REPOSITORY_URL}/releases/tag/v${version}`
          : `${REPOSITORY_URL}/compare/v${previous}...v${version}`;
    });
    expect(links).toEqual(expected);
  });
});

describe('the released version', () => {
  it("is package.json's version, and the lock file's", () => {
    expect(packageJson.version).toBe(newest);
    expect(packageLock.version).toBe(newest);
    expect(packageLock.packages['']?.version).toBe(newest);
  });

  it('is the version README.md, docs/ and examples/ pin (the newest release, with a CHANGELOG section)', () => {
    const pins = findPins(FULL_PINS);
    // The README pins the action, the CLI and pre-commit by full version; if none were found, the
    // patterns above no longer match what it writes.
    expect(pins.filter((pin) => pin.file === 'README.md').length).toBeGreaterThanOrEqual(4);
    const wrong = pins.filter((pin) => pin.version !== newest);
    expect(wrong.map((pin) => `${pin.file}:${pin.line}: ${pin.version} in ${pin.text.trim()}`)).toEqual([]);
  });

  it('has the major version README.md, docs/ and examples/ pin as @v1 or @1', () => {
    const major = newest.split('.')[0];
    const pins = findPins(MAJOR_PINS);
    expect(pins.length).toBeGreaterThan(0);
    const wrong = pins.filter((pin) => pin.version !== major);
    expect(wrong.map((pin) => `${pin.file}:${pin.line}: ${pin.text.trim()}`)).toEqual([]);
  });
});
