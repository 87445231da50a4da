// Child entry for the memory figure: runs the action named by BENCH_ACTION_ENTRY in this process and, as
// it exits, writes the process's peak resident set (process.resourceUsage().maxRSS, in KiB) to BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const entry = process.env.BENCH_ACTION_ENTRY;
const rssFile = process.env.BENCH_RSS_FILE;
if (!entry || !rssFile) throw new Error('BENCH_ACTION_ENTRY and BENCH_RSS_FILE must be set');
process.on('exit', () => writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
await import(pathToFileURL(entry).href);
