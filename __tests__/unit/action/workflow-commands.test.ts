// The action writes the runner's protocol itself (src/action/workflow-commands.ts, through log.ts), so that
// its cold start does not load @actions/core's undici. Held here to @actions/core's own output, byte for byte,
// on the same texts: the reference is the library the protocol was taken from, run in the same process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createActionLog, escapePlainLine } from '../../../src/action/log.js';
import {
  type AnnotationProperties,
  formatCommand,
  formatFileEntry,
  readInput,
} from '../../../src/action/workflow-commands.js';
import { createRedactor } from '../../../src/core/secrets.js';
import { parseWorkflowCommands } from '../../support/workflow-commands.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'omni-dbt-workflow-commands-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What a step wrote: stdout, its GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and its exit code. */
interface StepWrites {
  stdout: string;
  output: string;
  summary: string;
  exitCode: typeof process.exitCode;
}

/** Runs `write` as a step would, with fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function captureStep(write: () => void | Promise<void>, files = true): Promise<StepWrites> {
  const outputPath = path.join(scratch, 'output');
  const summaryPath = path.join(scratch, 'summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  vi.stubEnv('GITHUB_OUTPUT', files ? outputPath : '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', files ? summaryPath : '');
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const exitCodeBefore = process.exitCode;
  try {
    await write();
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = exitCodeBefore;
  // The delimiter of a GITHUB_OUTPUT entry is random: the same placeholder stands for it on both sides.
  const sameDelimiter = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
  return {
    stdout: sameDelimiter(stdout),
    output: sameDelimiter(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    exitCode,
  };
}

// What the protocol escapes, what ends a property, what the runner reads as a command, and plain text.
const hostileText = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    ' ',
    '%',
    '%25',
    '\r',
    '\n',
    ':',
    ',',
    '::',
    '##[',
    '=',
    '\u2028',
    'é',
    '🙂',
  ),
  maxLength: 24,
});
const annotation: fc.Arbitrary<AnnotationProperties> = fc.record(
  {
    title: fc.oneof(hostileText, fc.constant('')),
    file: fc.oneof(hostileText, fc.constant('omni-dbt.yml')),
    startLine: fc.nat(500),
    endLine: fc.nat(500),
    startColumn: fc.nat(80),
    endColumn: fc.nat(80),
  },
  { requiredKeys: [] },
);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the runner protocol, as @actions/core writes it', () => {
  it('writes annotations, groups, masks and failures as @actions/core does, whatever the text', async () => {
    const secret = fc.stringMatching(/^[\w%:,=-]{4,12}( [\w%:,=-]{1,8})?(\n[\w%:,=-]{1,8})?$/);
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.option(annotation, { nil: undefined }),
        secret,
        async (text, properties, secretValue) => {
          const ours = await captureStep(() => {
            const log = createActionLog();
            log.redactor.add(secretValue);
            log.warning(`${text} ${secretValue}`, properties);
            log.error(text, properties);
            log.startGroup(text);
            log.endGroup();
            log.setFailed(text);
          });
          const reference = await captureStep(() => {
            // log.ts as it was on @actions/core: the same redactor, then @actions/core's commands.
            const redactor = createRedactor({ onSecret: (value) => core.setSecret(value) });
            redactor.add(secretValue);
            const redacted = properties && {
              ...properties,
              ...(properties.title === undefined ? {} : { title: redactor.redact(properties.title) }),
              ...(properties.file === undefined ? {} : { file: redactor.redact(properties.file) }),
            };
            core.warning(redactor.redact(`${text} ${secretValue}`), redacted);
            core.error(redactor.redact(text), redacted);
            core.startGroup(redactor.redact(text));
            core.endGroup();
            core.setFailed(redactor.redact(text));
          });
          expect(ours).toEqual(reference);
          expect(ours.exitCode).toBe(1);
        },
      ),
      {
        numRuns: 300,
        // Properties without a value: @actions/core leaves them out, and still writes the space after the name.
        examples: [
          ['x', { title: '' }, 'Zt5-secret'],
          ['', { startLine: 0, file: undefined }, 'Zt5-secret'],
          ['%\n::error::x', {}, 'Zt5-secret'],
        ],
      },
    );
  });

  it('writes a log line as @actions/core writes the same line once it is escaped', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const ours = await captureStep(() => createActionLog().info(text));
        const reference = await captureStep(() => core.info(escapePlainLine(text)));
        expect(ours).toEqual(reference);
        expect(parseWorkflowCommands(ours.stdout)).toEqual([]);
      }),
    );
  });

  it('sets outputs in GITHUB_OUTPUT as @actions/core does, and with the legacy command without the file', async () => {
    for (const hasFiles of [true, false]) {
      await fc.assert(
        fc.asyncProperty(fc.stringMatching(/^[a-z][a-z-]{0,12}$/), hostileText, async (name, value) => {
          const ours = await captureStep(() => createActionLog().setOutput(name, value), hasFiles);
          const reference = await captureStep(() => core.setOutput(name, value), hasFiles);
          expect(ours).toEqual(reference);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('refuses as @actions/core does without a summary file, and appends to it as it does', async () => {
    // @actions/core keeps the summary's path once it has written there: its refusals are compared first.
    const markdown = '## Plan\n\n| a | b |\n| - | - |\n| `x` | 100% |\n';
    const refusal = (write: () => Promise<unknown>) =>
      write().then(
        () => 'written',
        (error: Error) => error.message,
      );
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    const withoutVariable = await refusal(() => createActionLog().writeSummary(markdown));
    expect(withoutVariable).toMatch(/^Unable to find environment variable for \$GITHUB_STEP_SUMMARY/);
    expect(withoutVariable).toBe(await refusal(() => core.summary.addRaw(markdown).write()));
    core.summary.emptyBuffer();
    vi.stubEnv('GITHUB_STEP_SUMMARY', path.join(scratch, 'no-such-folder', 'summary'));
    const withoutFile = await refusal(() => createActionLog().writeSummary(markdown));
    expect(withoutFile).toMatch(/^Unable to access summary file: /);
    expect(withoutFile).toBe(await refusal(() => core.summary.addRaw(markdown).write()));
    core.summary.emptyBuffer();

    const ours = await captureStep(() => createActionLog().writeSummary(markdown));
    const reference = await captureStep(() =>
      core.summary
        .addRaw(markdown)
        .write()
        .then(() => undefined),
    );
    expect(ours).toEqual(reference);
    expect(ours.summary).toBe(markdown);
  });

  it('formats a command with every property, leaving out those without a value, as @actions/core does', () => {
    expect(formatCommand('error', { file: 'a,b:c.yml', line: 3, col: 0, title: '' }, '50%\nnext')).toBe(
      '::error file=a%2Cb%3Ac.yml,line=3::50%25%0Anext',
    );
    expect(formatCommand('endgroup', {}, '')).toBe('::endgroup::');
    expect(formatCommand('warning', { title: '', line: 0 }, 'x')).toBe('::warning ::x');
  });

  it('refuses an output entry whose name or value holds the delimiter', () => {
    expect(formatFileEntry('result', 'ok', 'ghadelimiter_1')).toBe(
      'result<<ghadelimiter_1\nok\nghadelimiter_1',
    );
    expect(() => formatFileEntry('result', 'a ghadelimiter_1 b', 'ghadelimiter_1')).toThrow(
      'value should not contain the delimiter',
    );
    expect(() => formatFileEntry('ghadelimiter_1', 'ok', 'ghadelimiter_1')).toThrow(
      'name should not contain the delimiter',
    );
  });

  it('reads an input as @actions/core getInput does: INPUT_ upper-cased, spaces as _, hyphens kept, trimmed', () => {
    vi.stubEnv('INPUT_API-TOKEN', '  Ak3-token \n');
    vi.stubEnv('INPUT_FAIL_ON CHANGES', 'x');
    vi.stubEnv('INPUT_MY_INPUT', ' spaced ');
    for (const name of ['api-token', 'API-TOKEN', 'my input', 'missing', 'fail-on-changes']) {
      expect(readInput(process.env, name), name).toBe(core.getInput(name));
    }
    expect(readInput(process.env, 'api-token')).toBe('Ak3-token');
    expect(readInput(process.env, 'my input')).toBe('spaced');
  });
});
