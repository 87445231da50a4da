// The action's one writer to the runner: no text it writes can issue a workflow command, and every text is
// redacted. Stdout is read as the runner reads it (__tests__/support/workflow-commands.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readActionInputs } from '../../../src/action/inputs.js';
import { createActionLog, escapePlainLine } from '../../../src/action/log.js';
import { createRedactor } from '../../../src/core/secrets.js';
import { parseWorkflowCommands } from '../../support/workflow-commands.js';

const HOSTILE = [
  'name\n::error::owned',
  'name\r::error::owned',
  'name\r\n::warning::owned',
  '::stop-commands::x',
  '  ::add-mask::owned',
  '\u0085::error::owned',
  '\r##[error]owned',
  'name ##[set-output name=result]owned',
  'x\u2028::error::owned',
];

describe('escapePlainLine', () => {
  it.each(HOSTILE)('keeps %j from issuing a command, and keeps it readable', (text) => {
    const line = escapePlainLine(`environment ${text}: create → planned`);
    expect(parseWorkflowCommands(`${line}\n`)).toEqual([]);
    expect(parseWorkflowCommands(`${escapePlainLine(text)}\n`)).toEqual([]);
    expect(line).toContain(text.slice(-5));
  });

  it.each([
    ['a\nb', 'a%0Ab'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['::error::x', '%3A:error::x'],
    ['a ##[error]b', 'a ##%5Berror]b'],
    ['tab\tkept, 100% kept', 'tab\tkept, 100% kept'],
  ])('shows %j as %j', (text, shown) => {
    expect(escapePlainLine(text)).toBe(shown);
  });
});

describe('createActionLog', () => {
  afterEach(() => vi.restoreAllMocks());

  /** What the log writes to stdout while `write` runs. */
  const captureStdout = (write: () => void): string => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    write();
    vi.restoreAllMocks();
    return stdout;
  };

  it('issues only the commands it means to, whatever the text', () => {
    const log = createActionLog(createRedactor());
    const stdout = captureStdout(() => {
      for (const text of HOSTILE) {
        log.startGroup(text);
        log.info(text);
        log.warning(text, { title: text });
        log.error(text);
        log.endGroup();
      }
    });
    const commands = parseWorkflowCommands(stdout);
    expect(commands.map((command) => command.name)).toEqual(
      HOSTILE.flatMap(() => ['group', 'warning', 'error', 'endgroup']),
    );
    expect(stdout).toContain('owned');
  });

  it('redacts every text, and masks each new secret with the runner once', () => {
    const masked: string[] = [];
    const log = createActionLog(createRedactor({ onSecret: (value) => masked.push(value) }));
    log.redactor.add('Zt5-secret-Kq8');
    log.redactor.add('Zt5-secret-Kq8');
    const stdout = captureStdout(() => {
      log.info('info Zt5-secret-Kq8');
      log.startGroup('group Zt5-secret-Kq8');
      log.warning('warning Zt5-secret-Kq8', { title: 'title Zt5-secret-Kq8' });
      log.error(JSON.stringify({ value: 'Zt5-secret-Kq8' }));
      log.setFailed('failed Zt5-secret-Kq8');
    });
    process.exitCode = undefined;
    expect(masked).toEqual(['Zt5-secret-Kq8']);
    expect(stdout).not.toContain('Zt5');
    expect(stdout.match(/\*\*\*/g)).toHaveLength(6);
  });
});

describe('readActionInputs', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('registers the api-token and the github-token with the run’s redactor, and so with the runner', () => {
    vi.stubEnv('INPUT_API-TOKEN', ' Ak3-api-token-Zp9 ');
    vi.stubEnv('INPUT_GITHUB-TOKEN', 'ghs_Lm4-github-Qr8');
    const masked: string[] = [];
    const redactor = createRedactor({ onSecret: (value) => masked.push(value) });
    readActionInputs(redactor);
    expect(masked).toEqual(['Ak3-api-token-Zp9', 'ghs_Lm4-github-Qr8']);
    expect(redactor.redact('Ak3-api-token-Zp9 and ghs_Lm4-github-Qr8')).toBe('*** and ***');
  });
});
