// README.md's "Troubleshooting" table quotes what users see; each quoted message must be one the code can
// produce, so the table cannot drift from src/ (it once quoted a "token invalid" that never appeared).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The text of every TypeScript source file under src/. */
function readSourceText(): string {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  );
  return files.map((file) => readFileSync(path.join(ROOT, 'src', file), 'utf8')).join('\n');
}

/** The "double-quoted" messages in the first column of the README's Troubleshooting table. */
function listQuotedMessages(readme: string): string[] {
  const start = readme.indexOf('\n## Troubleshooting\n');
  if (start < 0) throw new Error('README.md has no "## Troubleshooting" section');
  const end = readme.indexOf('\n## ', start + 1);
  const rows = readme
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1);
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? ''));
}

describe('README.md troubleshooting table', () => {
  const quoted = listQuotedMessages(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const source = readSourceText();

  it('quotes messages in its first column', () => {
    expect(quoted.length).toBeGreaterThanOrEqual(5);
  });

  it.each(quoted)('quotes "%s", which src/ produces', (message) => {
    expect(source.includes(message), `no source file under src/ says "${message}"`).toBe(true);
  });
});
