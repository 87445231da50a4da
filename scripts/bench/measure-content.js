// Child of the content validator's figure (scripts/bench/impact.js): reads two answers of Omni's content
// validator from files as the client does (JSON, then the project's schema), compares them, and prints the
// times and this process's peak resident set (process.resourceUsage().maxRSS, KiB) as JSON.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../runner.js';

const load = (/** @type {string} */ file) =>
  import(pathToFileURL(path.join(REPO_ROOT, 'build/src/core', file)).href);
const [{ parseContentValidation }, { compareIssues }] = await Promise.all([
  load('omni/models.js'),
  load('plan/impact.js'),
]);
const [sharedPath, branchPath] = process.argv.slice(2);
if (!sharedPath || !branchPath) throw new Error('usage: measure-content.js SHARED.json BRANCH.json');

/** @param {string} file @param {string | undefined} branchId */
function readSide(file, branchId) {
  const text = readFileSync(file, 'utf8');
  const startedAt = performance.now();
  const parsed = parseContentValidation(JSON.parse(text), { branchId, isWithIssuesOnly: true });
  if (!parsed.ok) throw new Error(parsed.reason);
  return { issues: parsed.value.issues, ms: performance.now() - startedAt };
}

const shared = readSide(sharedPath, undefined);
const branch = readSide(branchPath, 'ba000000-0000-4000-8000-000000000001');
const startedAt = performance.now();
const comparison = compareIssues(
  { content: shared.issues, model: [] },
  { content: branch.issues, model: [] },
);
const compareMs = performance.now() - startedAt;
process.stdout.write(
  JSON.stringify({
    issues: branch.issues.length,
    parseMs: shared.ms + branch.ms,
    compareMs,
    newIssues: comparison.content.new.length,
    existing: comparison.content.existing.length,
    resolved: comparison.content.resolved.length,
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
