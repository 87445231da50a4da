// Preloaded with `node --import` by __tests__/e2e/lazy-loading.test.ts: registers record-loads-hooks.mjs,
// which appends the URL of every file module the process imports to the file named by OMNI_DBT_LOAD_LOG.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
