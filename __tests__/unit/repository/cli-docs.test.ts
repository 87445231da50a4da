// Every command of `omni-dbt` (src/cli/help.ts) is where a reader looks for it: a row of docs/cli.md's
// table of commands, a section of its own there, the top-level --help, and README's "Command line" paragraph.
// (docs/cli.md's table once lacked `exposures`, and the README's paragraph `impact`.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/runner.js';
import { COMMAND_NAMES, TOP_LEVEL_HELP } from '../../../src/cli/help.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const cliDoc = read('docs/cli.md');
const readme = read('README.md');

/** The commands of docs/cli.md's first table: `omni-dbt plan`, `omni-dbt import <id>...` → plan, import. */
function listTableCommands(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `omni-dbt ([a-z]+)[^`]*` +\|/gm)].map(([, name = '']) => name);
}

/** The `### name` sections of docs/cli.md's "Commands". */
function listCommandSections(markdown: string): string[] {
  const start = markdown.indexOf('\n## Commands\n');
  const end = markdown.indexOf('\n## ', start + 1);
  return [...markdown.slice(start, end).matchAll(/^### ([a-z]+)$/gm)].map(([, name = '']) => name);
}

/** README's paragraph under "## Command line: `omni-dbt`". */
function readReadmeCommandParagraph(markdown: string): string {
  const start = markdown.indexOf('\n## Command line: `omni-dbt`\n');
  expect(start).toBeGreaterThan(0);
  return markdown.slice(start, markdown.indexOf('\n### ', start));
}

describe('the commands of omni-dbt, in the docs', () => {
  it("are each a row of docs/cli.md's table, in the order of --help", () => {
    expect(listTableCommands(cliDoc)).toEqual([...COMMAND_NAMES]);
  });

  it('each have a section in docs/cli.md', () => {
    expect(listCommandSections(cliDoc).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('are each listed by the top-level --help', () => {
    const listed = [...TOP_LEVEL_HELP.matchAll(/^ {2}([a-z]+)\b/gm)].map(([, name = '']) => name);
    for (const name of COMMAND_NAMES) expect(listed, name).toContain(name);
  });

  it("are each named in README's Command line paragraph", () => {
    const paragraph = readReadmeCommandParagraph(readme);
    for (const name of COMMAND_NAMES) {
      expect(paragraph, name).toMatch(new RegExp(`\`(?:omni-dbt )?${name}[\` ]`));
    }
  });

  it('would notice a command missing from the table', () => {
    const withoutExposures = cliDoc.replace(/^\| `omni-dbt exposures`.*\n/m, '');
    expect(withoutExposures).not.toBe(cliDoc);
    expect(listTableCommands(withoutExposures)).not.toEqual([...COMMAND_NAMES]);
  });
});
