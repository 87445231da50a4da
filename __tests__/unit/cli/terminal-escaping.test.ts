// Text from outside never drives the terminal: the CLI's rendering and its output escape every control
// character but tab and line feed, and keep only the palette's own colours.
import { describe, expect, it } from 'vitest';
import {
  ANSI_PALETTE,
  escapeStyledTerminalText,
  escapeTerminalText,
  PLAIN_PALETTE,
  renderIssueLines,
  renderTerminalReport,
} from '../../../src/cli/render-terminal.js';
import type { RunReport } from '../../../src/core/run/types.js';

const CLEAR_SCREEN = '\u001b[2J';
const HOSTILE = `${CLEAR_SCREEN} \u009b2J \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \r\u0008\u007f \u001b[31m`;

/** Controls in `text` other than tab, line feed and the palette's colour sequences. */
function findControls(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the palette's sequences start with ESC.
  const withoutPalette = text.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
  return withoutPalette.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g) ?? [];
}

const report: RunReport = {
  mode: 'dry-run',
  isValidationOnly: false,
  configPath: `omni-dbt.yml${HOSTILE}`,
  issues: [
    { severity: 'warning', file: 'omni-dbt.yml', line: 1, column: 1, field: `x${HOSTILE}`, message: HOSTILE },
  ],
  connections: [
    {
      connectionId: `550e8400-e29b-41d4-a716-446655440000${HOSTILE}`,
      name: `conn${HOSTILE}`,
      action: 'update',
      status: 'failed',
      error: `error${HOSTILE}`,
      hint: `hint${HOSTILE}`,
      warnings: [`warning${HOSTILE}`],
      changes: [{ field: 'branch', from: `from${HOSTILE}`, to: { nested: HOSTILE } }],
      rotateKeys: false,
      environments: [
        {
          name: `env${HOSTILE}`,
          action: 'update',
          status: 'failed',
          error: `env error${HOSTILE}`,
          note: `note${HOSTILE}`,
          changes: [{ field: `variables.V${HOSTILE}`, from: HOSTILE, to: '(secret)' }],
        },
      ],
    },
  ],
  isCancelled: false,
  failOnChanges: false,
  fatalError: `fatal${HOSTILE}`,
};

describe('escaping for the terminal', () => {
  it.each([
    [CLEAR_SCREEN, '\\u001b[2J'],
    ['\u009b2J', '\\u009b2J'],
    ['a\rb', 'a\\u000db'],
    ['tab\tand\nline kept', 'tab\tand\nline kept'],
  ])('shows %j as %j', (text, shown) => {
    expect(escapeTerminalText(text)).toBe(shown);
  });

  it('keeps the palette colours in styled text and escapes any other sequence', () => {
    const styled = `${ANSI_PALETTE.red('failed')} ${CLEAR_SCREEN}`;
    expect(escapeStyledTerminalText(styled)).toBe('\u001b[31mfailed\u001b[39m \\u001b[2J');
  });

  it.each([
    ['with colour', ANSI_PALETTE],
    ['without colour', PLAIN_PALETTE],
  ])('renders a report of hostile values %s with no control of theirs', (_label, palette) => {
    const rendered = renderTerminalReport(report, palette);
    expect(findControls(rendered)).toEqual([]);
    // The injected colour code is shown, not obeyed: only the palette's own sequences are real.
    expect(rendered).toContain('\\u001b[31m');
    expect(rendered).toContain('env\\u001b[2J');
    expect(findControls(renderIssueLines(report).join('\n'))).toEqual([]);
  });
});
