// Outside text in the job summary and the PR comment shows as text and does nothing: rendered with marked
// (GFM) as GitHub would, it gives no element, link, image, mention or early end of a code block.
import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../../../src/core/report/markdown.js';
import {
  escapeHtmlText,
  escapeMarkdownText,
  formatCodeBlock,
  formatCodeSpan,
} from '../../../../src/core/report/markdown-text.js';
import type { ConnectionResult, RunReport } from '../../../../src/core/run/types.js';
import { createRedactor } from '../../../../src/core/secrets.js';
import { findLiveMarkup, renderGfm } from '../../../support/guard-fixtures.js';

const HOSTILE = [
  '```\nclosed the block',
  '@team and @acme/analysts',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x](https://evil.example)',
  '![x](https://evil.example/x.png)',
  'https://evil.example/bare',
  'www.evil.example',
  '<https://evil.example/angle>',
  'mail ops@evil.example',
  '*em* _em_ ~~del~~ `code` | pipe',
  'line\nbreak\r\nand | cell',
];

const render = renderGfm;

function expectInert(html: string): void {
  expect(findLiveMarkup(html)).toEqual([]);
}

describe('markdown-text', () => {
  it.each(HOSTILE)('renders %j inert in a table cell, a quote, bold text and a <summary>', (text) => {
    const markdown = [
      '| Name | Value |',
      '| --- | --- |',
      `| ${escapeMarkdownText(text)} | ${formatCodeSpan(text, { isInTable: true })} |`,
      '',
      `> ${escapeMarkdownText(text)}`,
      '',
      `**${escapeMarkdownText(text)}**`,
      '',
      `<details><summary>${escapeHtmlText(text)}</summary>`,
      '',
      'body',
      '',
      '</details>',
    ].join('\n');
    const html = render(markdown);
    expectInert(html);
    // Still one row of two cells: nothing in the value closed a cell.
    expect(html.match(/<td>/g)).toHaveLength(2);
    expect(html).toContain('<details><summary>');
  });

  it('keeps the text readable: only invisible characters and escapes are added', () => {
    const shown = render(`| ${escapeMarkdownText('[x](https://evil.example) @team')} |\n| --- |\n`);
    const text = shown.replace(/<[^>]+>/g, '').replace(/[\u200B\u200D]/g, '');
    expect(text).toContain('[x](https://evil.example) @team');
  });

  it.each([
    ['a`b', '``a`b``'],
    ['``x', '``` ``x ```'],
    ['a|b', '`a\\|b`'],
    [' x ', '`  x  `'],
  ])('writes %j as the code span %j', (text, span) => {
    expect(formatCodeSpan(text, { isInTable: true })).toBe(span);
  });

  it('fences a code block longer than any run of backticks in it', () => {
    const lines = ['a key ```` with four', '```', 'after'];
    const html = render(`${formatCodeBlock(lines, 'text')}\n\n**after the block**`);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain('a key ```` with four\n```\nafter');
    expect(html).toContain('<strong>after the block</strong>');
  });
});

describe('the report of hostile names, keys and messages', () => {
  const hostile = HOSTILE.join(' ');
  const connection: ConnectionResult = {
    connectionId: '550e8400-e29b-41d4-a716-446655440000',
    name: `conn ${hostile}`,
    action: 'update',
    status: 'failed',
    httpStatus: 400,
    error: `Omni answered HTTP 400: ${hostile}`,
    hint: `ask ${hostile}`,
    warnings: [`warning ${hostile}`],
    changes: [{ field: 'branch', from: hostile, to: 'main' }],
    rotateKeys: false,
    environments: [
      {
        name: `env ${hostile}`,
        action: 'update',
        status: 'failed',
        error: `error ${hostile}`,
        note: `note ${hostile}`,
        changes: [{ field: `variables.${hostile}`, from: hostile, to: '(secret)' }],
        binding: { modelId: 'm', branchName: `branch ${hostile}`, status: 'failed' },
      },
    ],
  };
  const report: RunReport = {
    mode: 'dry-run',
    isValidationOnly: false,
    configPath: `omni-dbt.yml ${hostile}`,
    commit: '0123456789abcdef',
    issues: [
      {
        severity: 'error',
        file: 'omni-dbt.yml',
        line: 3,
        column: 5,
        field: `connections[0].${hostile}`,
        message: `unknown key "${hostile}"`,
      },
    ],
    connections: [connection],
    isCancelled: false,
    failOnChanges: false,
  };

  it('renders it inert: no element, link, image or mention, and the issues block closes where it should', () => {
    const markdown = renderReportMarkdown(report, {
      maxChars: 65_536,
      fullPlanLocation: 'the log',
      redactor: createRedactor(),
    });
    const html = render(markdown);
    expectInert(html);
    // One code block (the issues), holding the key whole; the markdown after it still renders.
    expect(html.match(/<pre>/g)).toHaveLength(1);
    const block = /<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1] ?? '';
    expect(block).toContain('closed the block');
    expect(block).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<table>');
  });
});
