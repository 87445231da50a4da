// README.md's Contents list is how a reader finds a section: it links every `##` and `###` heading of the
// README, in the README's order, and nothing else (links.test.ts checks that each anchor resolves; this that
// none is missing and the list is not out of order, as it was when sections were added in parallel).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/runner.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, each space a hyphen. */
function toAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** The anchors of the `##` and `###` headings outside code blocks, in order, Contents itself left out. */
function listSectionAnchors(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return [...prose.matchAll(/^#{2,3} (.+)$/gm)]
    .map(([, heading = '']) => toAnchor(heading))
    .filter((anchor) => anchor !== 'contents');
}

/** The `#anchor` links of the Contents list, in order. */
function listContentsLinks(markdown: string): string[] {
  const start = markdown.indexOf('\n## Contents\n');
  if (start < 0) throw new Error('README.md has no "## Contents" section');
  const end = markdown.indexOf('\n## ', start + 1);
  return [...markdown.slice(start, end).matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor = '']) => anchor);
}

describe("README.md's Contents", () => {
  it('links every section and subsection, in the order the README has them, and nothing else', () => {
    const sections = listSectionAnchors(readme);
    expect(sections.length).toBeGreaterThan(20);
    expect(listContentsLinks(readme)).toEqual(sections);
  });

  it('would notice a section it leaves out or lists out of order', () => {
    const withNewSection = readme.replace('\n## Inputs\n', '\n## Something new\n\n## Inputs\n');
    expect(listContentsLinks(withNewSection)).not.toEqual(listSectionAnchors(withNewSection));
    const swapped = readme.replace(
      '[impact on Omni](#impact-on-omni) · [Refresh after a deploy](#refresh-after-a-deploy)',
      '[Refresh after a deploy](#refresh-after-a-deploy) · [impact on Omni](#impact-on-omni)',
    );
    expect(swapped).not.toBe(readme);
    expect(listContentsLinks(swapped)).not.toEqual(listSectionAnchors(swapped));
  });
});
