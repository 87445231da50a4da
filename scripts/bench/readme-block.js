// Renders README.md's Performance block, and the sentence of "Rate limits, retries and cancellation" that
// quotes the shared-key figures, from docs/benchmarks.json (what `npm run bench` measured), so the README
// quotes no figure the benchmark did not write. scripts/readme-tables.js puts each between its markers;
// `npm run bench` and `npm run readme` refresh them.

const seconds = (/** @type {number} */ ms, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;
const ratio = (/** @type {number} */ value, digits = 2) => `${value.toFixed(digits)}×`;
const mebibytes = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * @param {{ otherClient: { requests: number, agoMs: number, perMinute?: number } | null, count: number,
 *   mode: string }} run
 */
function describeSharedKeyRun(run) {
  const what = `${run.count}-connection ${run.mode === 'dry-run' ? 'plan' : 'apply'}`;
  const other = run.otherClient;
  if (other === null) return what;
  if (other.perMinute) return `another client at ${other.perMinute}/min, ${what}`;
  return `${other.requests} of 60 used ${other.agoMs / 1000} s before a ${what}`;
}

/** Lays a table out as Biome's Markdown formatter does (scripts/readme-tables.js renders its own the same way). */
function renderTable(/** @type {string[]} */ header, /** @type {string[][]} */ rows) {
  const widthOf = (/** @type {string} */ cell) => [...cell].length;
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => widthOf(row[column] ?? ''))),
  );
  const renderRow = (/** @type {string[]} */ row) =>
    `| ${row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - widthOf(cell))).join(' | ')} |`;
  return [
    renderRow(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(renderRow),
  ].join('\n');
}

/**
 * The README's Performance block: a line saying where and when, the table, and how much the figures vary.
 * @param {any} benchmarks docs/benchmarks.json, parsed
 * @returns {string}
 */
export function renderBenchBlock(benchmarks) {
  const { latency, rate, environments: env, sharedKey, coldStart, distSize, exposures } = benchmarks;
  const nodeMajor = String(benchmarks.node).replace(/^v/, '').split('.')[0];
  const sharedKeyRow = (/** @type {string} */ key) => {
    const run = sharedKey[key];
    return [
      `shared key (${key}): ${describeSharedKeyRun(run)}`,
      `${seconds(run.wallMs)} = ${ratio(run.wallMs / run.floorMs)} the floor of ${seconds(run.floorMs)}; ${run.rateLimited} × 429 for ${run.waiting} waiting requests; ${run.failed} failed`,
    ];
  };
  const action = distSize.entries.find((/** @type {{ file: string }} */ entry) => entry.file === 'index.js');
  const cli = distSize.entries.find((/** @type {{ file: string }} */ entry) => entry.file === 'cli/index.js');
  const stray = sharedKey.stray;
  const rows = [
    [
      `apply of ${latency.count} changed connections at ${latency.latencyMs} ms latency`,
      `${seconds(latency.wallMs, 2)} = ${ratio(latency.wallMs / latency.idealMs)} two round trips, ${ratio(latency.wallMs / latency.threeRoundTripsMs)} three (the floor with the lone first request); ${seconds(latency.fanOutAtOnceMs, 2)} without it`,
    ],
    [
      `apply of ${rate.count} connections, budget = Omni limit = ${rate.perMinute}/min`,
      `${seconds(rate.wallMs)} = ${ratio(rate.wallMs / rate.slidingWindowBoundMs)} the sliding-window bound of ${rate.slidingWindowBoundMs / 1000} s; ${rate.rateLimited} × 429, ${rate.failed} failures`,
    ],
    [
      `apply of ${env.count} connections with 2 dbt environments each, one changed, at ${env.perMinute}/min`,
      `${seconds(env.wallMs)} = ${ratio(env.wallMs / env.slidingWindowBoundMs)} the sliding-window bound of ${env.slidingWindowBoundMs / 1000} s (window + ${env.windowMarginMs / 1000} s margin); ${env.requests} requests = minimum ${env.minimumRequests} + ${env.readBacks} read-backs; ${env.rateLimited} × 429, ${env.failed} failures`,
    ],
    ...(benchmarks.schedules === undefined
      ? []
      : [
          [
            `apply of ${benchmarks.schedules.count} connections with 2 schema refresh schedules each, one changed, at ${benchmarks.schedules.perMinute}/min`,
            `${seconds(benchmarks.schedules.wallMs)} = ${ratio(benchmarks.schedules.wallMs / benchmarks.schedules.slidingWindowBoundMs)} the sliding-window bound of ${benchmarks.schedules.slidingWindowBoundMs / 1000} s; ${benchmarks.schedules.requests} requests = minimum ${benchmarks.schedules.minimumRequests} + ${benchmarks.schedules.lists - benchmarks.schedules.count} read-backs; ${benchmarks.schedules.rateLimited} × 429, ${benchmarks.schedules.failed} failures`,
          ],
        ]),
    sharedKeyRow('a'),
    sharedKeyRow('b'),
    sharedKeyRow('c'),
    [
      `stray faults: ${stray.rateLimited} × 429 and ${stray.otherServerErrors} × 5xx on a ${stray.count}-connection apply`,
      `${seconds(stray.wallMs)}, ${stray.failed} failed`,
    ],
    [
      `cold start: validate ${coldStart.count} connections (dry-run, no token), as from this machine's shell`,
      `${Math.round(coldStart.shell.actionMs)} ms vs node alone ${Math.round(coldStart.shell.nodeMs)} ms = ${ratio(coldStart.shell.actionMs / coldStart.shell.nodeMs)}; with a runner's few variables ${ratio(coldStart.actionMs / coldStart.nodeMs, 1)}`,
    ],
    ...(benchmarks.impact === undefined
      ? []
      : [
          [
            `impact check of a pull request, ${seconds(benchmarks.impact.refreshMs, 0)} refresh job`,
            `${seconds(benchmarks.impact.wallMs)} = ${ratio(benchmarks.impact.wallMs / benchmarks.impact.floorMs)} the floor of ${seconds(benchmarks.impact.floorMs)}; ${benchmarks.impact.requests} requests = minimum ${benchmarks.impact.minimumRequests} + ${benchmarks.impact.polls - 1} status reads`,
          ],
        ]),
    ...(benchmarks.contentValidator === undefined
      ? []
      : [
          [
            `content validator's answer of ${benchmarks.contentValidator.count.toLocaleString('en-US')} documents`,
            `read ${seconds(benchmarks.contentValidator.parseMs, 2)}, compare ${seconds(benchmarks.contentValidator.compareMs, 2)}; peak ${Math.round(benchmarks.contentValidator.maxRssKiB / 1024)} MiB for ${mebibytes(benchmarks.contentValidator.answerBytes)} of JSON`,
          ],
        ]),
    [`peak memory of the ${rate.count}-connection apply`, `${Math.round(rate.maxRssKiB / 1024)} MiB`],
    ...(exposures === undefined
      ? []
      : [
          [
            `dbt exposures: ${exposures.count.toLocaleString('en')} dashboards, ${exposures.pageSize} a page, at ${exposures.perMinute}/min`,
            `${seconds(exposures.wallMs)} = ${ratio(exposures.wallMs / exposures.slidingWindowBoundMs)} the bound of ${exposures.slidingWindowBoundMs / 1000} s (${exposures.requests} requests); ${mebibytes(exposures.fileBytes)} file built in ${seconds(exposures.buildMs, 2)}; peak ${Math.round(exposures.maxRssKiB / 1024)} MiB (${Math.round(exposures.rerunMaxRssKiB / 1024)} changing it)`,
          ],
        ]),
    [
      '`dist/`',
      // What each chunk loads is in docs/benchmarks.md's size row; here, what a validation loads.
      `\`index.js\` ${mebibytes(action.bytes)}, all a validation loads (the Omni client, each mode and the PR comment load on demand), \`cli/index.js\` ${mebibytes(cli.bytes)}`,
    ],
  ];
  const runs = latency.runsMs;
  return [
    `\`npm run bench\` against the loopback sandbox (Node ${nodeMajor}, ${benchmarks.platform}, ${benchmarks.cpus} cores, ${benchmarks.date});`,
    'full table and notes in [docs/benchmarks.md](docs/benchmarks.md).',
    '',
    renderTable(['figure', 'measured'], rows),
    '',
    'The goals these figures are tracked against are in [docs/benchmarks.md](docs/benchmarks.md); the figures',
    `vary from run to run on a shared machine (the ${latency.count}-connection apply measured ${seconds(Math.min(...runs), 2).replace(' s', '')}–${seconds(Math.max(...runs), 2)} in its ${runs.length} runs).`,
    '',
  ].join('\n');
}

/** Wraps words into lines of at most `width` characters, each opened by `indent`. */
function wrapText(/** @type {string} */ text, /** @type {number} */ width, /** @type {string} */ indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines.join('\n');
}

/**
 * What the README's rate-limit section says was measured: the shared-key scenarios (a) and (b) and the
 * stray faults, indented to sit inside that section's list item.
 * @param {any} benchmarks docs/benchmarks.json, parsed
 * @returns {string}
 */
export function renderSharedKeySentence(benchmarks) {
  const { a, b, stray } = benchmarks.sharedKey;
  const what = (/** @type {any} */ run) =>
    `${run.count}-connection ${run.mode === 'dry-run' ? 'plan' : 'apply'}`;
  const sentence = [
    'Measured (`npm run bench`, [Performance](#performance)):',
    `with ${a.otherClient.requests} of the key's 60 used ${a.otherClient.agoMs / 1000} s before a ${what(a)},`,
    `the ${a.mode === 'dry-run' ? 'plan' : 'apply'} ends ${ratio(a.wallMs / a.floorMs)} after the earliest moment Omni could have served it`,
    '(instead of waiting out a minute);',
    `with all ${b.otherClient.requests} used ${b.otherClient.agoMs / 1000} s before a ${what(b)}, ${ratio(b.wallMs / b.floorMs)};`,
    `${stray.rateLimited} stray 429s and ${stray.otherServerErrors} server errors (5xx) on a ${what(stray)} cost ${seconds(stray.wallMs)} in all.`,
  ].join(' ');
  return wrapText(sentence, 108, '  ');
}
