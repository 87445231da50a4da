// Every text leaves the process through one edge per front end, where it is redacted and escaped:
// src/action/log.ts for the runner (log, annotations, outputs, summary, failure) and the CLI's Output
// (src/cli/main.ts). No other module writes to the runner or the terminal, and the core never imports
// @actions/core (README, "What is redacted and escaped, and where").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

function listSources(directory: string): string[] {
  return readdirSync(path.join(repoRoot, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(directory, file).split(path.sep).join('/'));
}
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
/** The code of a file without its comments, which may name what they explain. */
const readCode = (file: string) =>
  read(file)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

const RUNNER_WRITE =
  /\bcore\.(?:info|debug|notice|warning|error|startGroup|endGroup|group|setFailed|setOutput|setSecret|summary|exportVariable)\b/;
const STREAM_WRITE = /\bprocess\.(?:stdout|stderr)\.write\b|\bconsole\.(?:log|info|warn|error)\b/;

describe('where text leaves the process', () => {
  it('writes to the runner only from src/action/log.ts', () => {
    const writers = listSources('src').filter((file) => RUNNER_WRITE.test(readCode(file)));
    expect(writers).toEqual(['src/action/log.ts']);
  });

  it('imports @actions/core in the action only: in log.ts, and inputs.ts to read the inputs', () => {
    const importers = listSources('src').filter((file) => /from '@actions\/core'/.test(read(file)));
    expect(importers.sort()).toEqual(['src/action/inputs.ts', 'src/action/log.ts']);
  });

  it('writes to the terminal only from the CLI entry point, which hands the streams to runCli', () => {
    const writers = listSources('src')
      .filter((file) => file !== 'src/core/config/write-json-schema.ts')
      .filter((file) => STREAM_WRITE.test(readCode(file)));
    expect(writers).toEqual(['src/cli/index.ts']);
    // In runCli, only createOutput touches the streams it was given.
    const main = read('src/cli/main.ts');
    const outputStart = main.indexOf('function createOutput(');
    const outputEnd = main.indexOf('\n}\n', outputStart);
    const outside = main.slice(0, outputStart) + main.slice(outputEnd);
    expect(outside).not.toMatch(/io\.(?:stdout|stderr)\.write/);
  });
});
