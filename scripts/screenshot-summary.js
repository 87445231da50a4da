// `npm run screenshot`: runs the built action against the local Omni sandbox and renders its job summaries
// as GitHub would, then screenshots them with headless Chromium into docs/job-summary.png (apply on push)
// and docs/job-summary-pr.png (dry-run on a pull request), and the preview comment of pull request #12
// (the impact check of a dbt change that renames a column) into docs/impact-comment.png. Run by hand after
// a change to the summary or the comment.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { marked } from 'marked';
import { startGitHubFake } from '../sandbox/github-fake.js';
import { startSandbox } from '../sandbox/server.js';
import { PULL_REQUEST_12_EVENT, PULL_REQUEST_12_SEED } from './pull-request-12.js';
import { PULL_REQUEST_EVENT, PUSH_EVENT, REPO_ROOT, runBuiltAction } from './runner.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TOKEN = 'sandbox-token';
const WIDTH = 1000;
const run = promisify(execFile);

// The example's three connections (unchanged, update, create against the sandbox seed) plus one whose id
// the sandbox does not know, so the picture also shows a failure with its hint.
const EXTRA_CONNECTION = `  - id: 0d4c1a2b-3e5f-4a6b-9c7d-8e9f0a1b2c3d
    name: Redshift marketing
    branch: marketing
`;

// GitHub's alert icons (Primer octicons "info" and "stop", 16px), as github.com renders `> [!NOTE]`.
const ALERT_ICONS = {
  note: 'M0 8a8 8 0 1 1 16 0A8 8 0 0 1 0 8Zm8-6.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6.5 7.75A.75.75 0 0 1 7.25 7h1a.75.75 0 0 1 .75.75v2.75h.25a.75.75 0 0 1 0 1.5h-2a.75.75 0 0 1 0-1.5h.25v-2h-.25a.75.75 0 0 1-.75-.75ZM8 6a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z',
  caution:
    'M4.47.22A.749.749 0 0 1 5 0h6c.199 0 .389.079.53.22l4.25 4.25c.141.14.22.331.22.53v6a.749.749 0 0 1-.22.53l-4.25 4.25A.749.749 0 0 1 11 16H5a.749.749 0 0 1-.53-.22L.22 11.53A.749.749 0 0 1 0 11V5c0-.199.079-.389.22-.53Zm.84 1.28L1.5 5.31v5.38l3.81 3.81h5.38l3.81-3.81V5.31L10.69 1.5ZM8 4a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 8 4Zm0 8a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z',
};

/** Turns marked's `<blockquote><p>[!KIND] …` into GitHub's alert markup, which github-markdown-css styles. */
function renderAlerts(html) {
  return html.replace(/<blockquote>\s*<p>\[!(\w+)\]\s*([\s\S]*?)<\/blockquote>/g, (_, kind, body) => {
    const name = kind.toLowerCase();
    const icon = ALERT_ICONS[name]
      ? `<svg class="octicon" viewBox="0 0 16 16" width="16" height="16"><path d="${ALERT_ICONS[name]}"></path></svg>`
      : '';
    const title = `${kind[0]}${name.slice(1)}`;
    return `<div class="markdown-alert markdown-alert-${name}"><p class="markdown-alert-title">${icon}${title}</p><p>${body}</div>`;
  });
}

/** A page like the Actions run page's summary card: a titled box around the rendered markdown. */
async function renderPage(summary, title) {
  const css = await readFile(
    path.join(REPO_ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'),
  );
  const body = renderAlerts(marked.parse(summary, { gfm: true })).replaceAll('<details>', '<details open>');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; padding: 24px; background: #f6f8fa; }
.card { max-width: 900px; margin: 0 auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.card > h3 { margin: 0; padding: 16px 24px; font: 600 16px -apple-system, BlinkMacSystemFont, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; border-bottom: 1px solid #d1d9e0; }
.markdown-body { padding: 24px; }
.markdown-body details:last-child > :last-child { margin-bottom: 0; }
.markdown-body .octicon { fill: currentColor; margin-right: 8px; }
.markdown-body details > summary { margin-bottom: 8px; }
</style></head><body><div class="card"><h3>${title}</h3><article class="markdown-body">${body}</article></div>
<script>addEventListener('load', () => { document.body.dataset.height = document.body.scrollHeight; });</script></body></html>`;
}

/** Chromium measures the page first (its height lands in the dumped DOM), then screenshots exactly that. */
async function screenshot(htmlPath, pngPath) {
  const profile = await mkdtemp(path.join(tmpdir(), 'omni-dbt-chromium-'));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--hide-scrollbars',
  ];
  try {
    const url = `file://${htmlPath}`;
    const { stdout } = await run(CHROMIUM, [...flags, `--window-size=${WIDTH},800`, '--dump-dom', url]);
    const height = Number(/data-height="(\d+)"/.exec(stdout)?.[1] ?? 2000);
    await run(CHROMIUM, [...flags, `--window-size=${WIDTH},${height}`, `--screenshot=${pngPath}`, url]);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

if (!existsSync(CHROMIUM)) {
  console.error(
    `No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium fonts-noto-color-emoji`,
  );
  process.exit(1);
}
const example = await readFile(path.join(REPO_ROOT, 'examples/omni-dbt.yml'), 'utf8');
const files = { 'omni-dbt.yml': example + EXTRA_CONNECTION };
const work = await mkdtemp(path.join(tmpdir(), 'omni-dbt-screenshot-'));
const sandbox = await startSandbox({ port: 0 });
const inputs = { config: 'omni-dbt.yml', 'omni-url': sandbox.url, 'api-token': TOKEN, comment: 'false' };
const shots = [
  {
    png: 'docs/job-summary-pr.png',
    title: 'plan summary',
    run: { eventName: 'pull_request', ref: 'refs/pull/7/merge', event: PULL_REQUEST_EVENT },
  },
  {
    png: 'docs/job-summary.png',
    title: 'apply summary',
    run: { eventName: 'push', ref: 'refs/heads/main', event: PUSH_EVENT },
  },
];
/**
 * The preview comment of the demo's third act (scripts/demo.js): pull request #12 renames orders.amount, and
 * the comment names the dashboards that breaks.
 */
async function renderImpactComment() {
  const github = await startGitHubFake({
    installationTokens: ['ghs_screenshot_token'],
    pullRequests: [PULL_REQUEST_12_SEED],
  });
  try {
    const demo = await readFile(path.join(REPO_ROOT, 'examples/demo/omni-dbt.yml'), 'utf8');
    await runBuiltAction({
      inputs: { ...inputs, mode: 'preview', comment: 'true', 'github-token': 'ghs_screenshot_token' },
      files: { 'omni-dbt.yml': demo },
      eventName: 'pull_request',
      ref: 'refs/pull/12/merge',
      event: PULL_REQUEST_12_EVENT,
      env: { GITHUB_API_URL: github.url, DBT_CLOUD_API_KEY: 'screenshot-secret' },
    });
    const comment = github.comments.find((c) => c.body.startsWith('<!-- omni-dbt-action preview:'));
    if (comment === undefined || comment.body.includes(TOKEN))
      throw new Error('no preview comment to picture');
    return comment.body;
  } finally {
    await github.close();
  }
}

try {
  for (const shot of shots) {
    const { summary } = await runBuiltAction({ inputs, files, ...shot.run });
    if (summary.trim() === '' || summary.includes(TOKEN)) throw new Error(`bad summary for ${shot.png}`);
    const htmlPath = path.join(work, `${path.basename(shot.png, '.png')}.html`);
    await writeFile(htmlPath, await renderPage(summary, shot.title));
    await screenshot(htmlPath, path.join(REPO_ROOT, shot.png));
    console.log(`wrote ${shot.png}`);
  }
  sandbox.reset();
  const htmlPath = path.join(work, 'impact-comment.html');
  await writeFile(htmlPath, await renderPage(await renderImpactComment(), 'github-actions[bot] commented'));
  await screenshot(htmlPath, path.join(REPO_ROOT, 'docs/impact-comment.png'));
  console.log('wrote docs/impact-comment.png');
} finally {
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
}
