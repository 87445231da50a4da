// Every text leaves the process through one edge per front end, where it is redacted and escaped:
// src/action/log.ts for the runner (log, annotations, outputs, summary, failure) and the CLI's Output
// (src/cli/main.ts). No other module writes to the runner or the terminal, and none imports @actions/core:
// log.ts writes its protocol (src/action/workflow-commands.ts; README, "What is redacted and escaped, and
// where").
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
/** The runner's files: outputs, the job summary, and the other file commands. */
const RUNNER_FILE = /\bGITHUB_(?:OUTPUT|STEP_SUMMARY|ENV|PATH|STATE)\b/;

describe('where text leaves the process', () => {
  it('writes to the runner only from src/action/log.ts: its stdout and its files', () => {
    const sources = listSources('src');
    expect(sources.filter((file) => RUNNER_FILE.test(readCode(file)))).toEqual(['src/action/log.ts']);
    const streamWriters = sources
      .filter((file) => file.startsWith('src/action/') || file.startsWith('src/core/'))
      .filter((file) => file !== 'src/core/config/write-json-schema.ts')
      .filter((file) => STREAM_WRITE.test(readCode(file)));
    expect(streamWriters).toEqual(['src/action/log.ts']);
  });

  it('imports @actions/core nowhere: its entry loads undici, and log.ts writes the protocol itself', () => {
    const importers = listSources('src').filter((file) => /from '@actions\/core'/.test(read(file)));
    expect(importers).toEqual([]);
    expect(listSources('src').filter((file) => RUNNER_WRITE.test(readCode(file)))).toEqual([]);
  });

  it('writes to the terminal only from the CLI entry point, which hands the streams to runCli', () => {
    const writers = listSources('src')
      .filter((file) => file.startsWith('src/cli/'))
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
