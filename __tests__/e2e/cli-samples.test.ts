// docs/cli.md's sample outputs are the built CLI's: scripts/cli-samples.js runs each sample against the
// sandbox and this test compares what it printed with the doc, so a change of the CLI's output fails here
// until `npm run build && npm run docs:cli` writes the new samples.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_SAMPLES,
  readSampleBlocks,
  runCliSamples,
  updateSampleBlocks,
} from '../../scripts/cli-samples.js';
import { REPO_ROOT } from '../../scripts/runner.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs/cli.md'), 'utf8');
let printed: Map<string, string>;

beforeAll(async () => {
  printed = await runCliSamples();
}, 60_000);

describe('docs/cli.md samples (npm run docs:cli)', () => {
  it('has one marked block per sample, and no block without a sample', () => {
    expect([...readSampleBlocks(doc).keys()].sort()).toEqual(CLI_SAMPLES.map((sample) => sample.name).sort());
  });

  it.each(CLI_SAMPLES.map((sample) => sample.name))('shows what the CLI prints for %s', (name) => {
    expect(readSampleBlocks(doc).get(name)).toBe(printed.get(name));
  });

  it('prints the same on a second run (no timings, ports or other noise)', async () => {
    expect(await runCliSamples()).toEqual(printed);
  }, 60_000);

  it('is left as it is by the script when current', () => {
    expect(updateSampleBlocks(doc, printed)).toBe(doc);
  });
});
