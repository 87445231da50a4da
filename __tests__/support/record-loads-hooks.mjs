// Module hooks (Node's module.register) that record each file module as it is loaded: the entry chunk of a
// bundle, and each chunk its `import()` loads (ncc's chunks are imported as ES modules).
import { appendFileSync } from 'node:fs';

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  const logPath = process.env.OMNI_DBT_LOAD_LOG;
  if (logPath !== undefined && url.startsWith('file:')) appendFileSync(logPath, `${url}\n`);
  return nextLoad(url, context);
}
