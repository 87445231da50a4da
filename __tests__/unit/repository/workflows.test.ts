// Lints the repository's workflows and the example workflows with actionlint (scripts/actionlint.js), and
// shows that the lint catches the mistakes it is there for.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  formatFinding,
  lintWorkflow,
  lintWorkflowFiles,
  listWorkflowFiles,
} from '../../../scripts/actionlint.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const workflowFiles = listWorkflowFiles(repoRoot);
const relative = (file: string) => path.relative(repoRoot, file);

function readWorkflow(name: string): Record<string, unknown> {
  return parse(readFileSync(path.join(repoRoot, name), 'utf8'));
}

describe('workflows', () => {
  it('finds the CI, release and example workflows', () => {
    expect(workflowFiles.map(relative)).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        'examples/workflows/pr-dry-run.yml',
        'examples/workflows/apply-on-merge.yml',
        'examples/workflows/drift-check.yml',
        'examples/workflows/rotate-keys.yml',
        'examples/workflows/preview.yml',
        'examples/workflows/exposures.yml',
        'examples/workflows/refresh-after-deploy.yml',
      ]),
    );
  });

  it('pass actionlint with no finding', async () => {
    const findings = await lintWorkflowFiles(workflowFiles, repoRoot);
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('examples use the published action reference and the same secret and variable names', () => {
    for (const file of workflowFiles.filter((candidate) => relative(candidate).startsWith('examples/'))) {
      const text = readFileSync(file, 'utf8');
      const uses = [...text.matchAll(/uses:\s*(omni-dbt\/\S+)/g)].map((match) => match[1]);
      expect(uses, relative(file)).toEqual(['omni-dbt/omni-dbt-action@v1']);
      expect(text, relative(file)).toContain(`omni-url: \${{ vars.OMNI_URL }}`);
      expect(text, relative(file)).toContain(`api-token: \${{ secrets.OMNI_API_TOKEN }}`);
      expect(text, relative(file)).not.toMatch(/pull_request_target:/);
    }
  });

  it('apply workflows serialise on one concurrency group and never cancel a run half-way', () => {
    for (const name of ['examples/workflows/apply-on-merge.yml', 'examples/workflows/rotate-keys.yml']) {
      const workflow = readWorkflow(name);
      expect(workflow.concurrency, name).toEqual({ group: 'omni-dbt-apply', 'cancel-in-progress': false });
      const jobs = Object.values(workflow.jobs as Record<string, { environment?: unknown }>);
      expect(
        jobs.every((job) => job.environment === 'omni-production'),
        name,
      ).toBe(true);
    }
  });

  it('the preview example runs after the dbt build, on the pull request events and a nightly sweep', () => {
    const workflow = readWorkflow('examples/workflows/preview.yml');
    const on = workflow.on as { pull_request?: { types?: string[] }; schedule?: unknown[] };
    expect(on.pull_request?.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(on.schedule).toHaveLength(1);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const jobs = workflow.jobs as Record<
      string,
      { needs?: string; steps: { with?: Record<string, unknown> }[] }
    >;
    expect(jobs.preview?.needs).toBe('dbt-build');
    expect(jobs.preview?.steps.some((step) => step.with?.mode === 'preview')).toBe(true);
  });

  it('the refresh example refreshes in a job that needs the production dbt deploy, on a push to main', () => {
    const workflow = readWorkflow('examples/workflows/refresh-after-deploy.yml');
    const on = workflow.on as { push?: { branches?: string[] } };
    expect(on.push?.branches).toEqual(['main']);
    const jobs = workflow.jobs as Record<
      string,
      { needs?: string; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }
    >;
    expect(jobs['dbt-deploy']?.steps.some((step) => step.run?.includes('dbt build --target prod'))).toBe(
      true,
    );
    expect(jobs['omni-refresh']?.needs).toBe('dbt-deploy');
    const action = jobs['omni-refresh']?.steps.find((step) => step.uses === 'omni-dbt/omni-dbt-action@v1');
    expect(action?.with).toMatchObject({ mode: 'refresh', 'fail-on-impact': 'new' });
    // Nothing but the refresh after the deploy: the apply of omni-dbt.yml is the apply workflow's.
    expect(Object.keys(jobs).sort()).toEqual(['dbt-deploy', 'omni-refresh']);
  });

  it('the exposures example runs nightly and on demand, and opens a pull request only when the file changed', () => {
    const name = 'examples/workflows/exposures.yml';
    const workflow = readWorkflow(name);
    const on = workflow.on as { schedule?: unknown[]; workflow_dispatch?: unknown };
    expect(on.schedule).toHaveLength(1);
    expect('workflow_dispatch' in on).toBe(true);
    expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const steps =
      (
        workflow.jobs as Record<
          string,
          { steps: { id?: string; uses?: string; if?: string; with?: Record<string, unknown> }[] }
        >
      ).exposures?.steps ?? [];
    const action = steps.find((step) => step.uses === 'omni-dbt/omni-dbt-action@v1');
    expect(action?.with?.mode).toBe('exposures');
    const pullRequest = steps.find((step) => step.uses?.startsWith('peter-evans/create-pull-request@'));
    // Pinned by the full commit, the release tag in a comment beside it.
    expect(pullRequest?.uses).toMatch(/^peter-evans\/create-pull-request@[0-9a-f]{40}$/);
    expect(readFileSync(path.join(repoRoot, name), 'utf8')).toMatch(
      /uses: peter-evans\/create-pull-request@[0-9a-f]{40} # v\d+\.\d+\.\d+\n/,
    );
    expect(pullRequest?.if).toBe(`\${{ steps.${action?.id}.outputs.exposures-changed == 'true' }}`);
    expect(pullRequest?.with?.['add-paths']).toBe('models/omni_exposures/omni_exposures.yml');
    // README quotes the same pin, and the example config the same path.
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const pins = [...readme.matchAll(/peter-evans\/create-pull-request@([0-9a-f]{40})/g)].map(
      (match) => match[1],
    );
    expect(pins.length).toBeGreaterThan(0);
    expect(new Set(pins)).toEqual(new Set([pullRequest?.uses?.split('@')[1]]));
    const config = parse(readFileSync(path.join(repoRoot, 'examples/exposures/omni-dbt.yml'), 'utf8'));
    expect(config.exposures.path).toBe(pullRequest?.with?.['add-paths']);
  });

  it('CI self-tests the action on example configs that exist, one valid and one invalid', () => {
    const ci = readWorkflow('.github/workflows/ci.yml');
    const jobs = ci.jobs as Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    const configs = (jobs['self-test']?.steps ?? [])
      .filter((step) => step.uses === './')
      .map((step) => String(step.with?.config));
    expect(configs).toEqual(['examples/omni-dbt.yml', 'examples/invalid/omni-dbt.yml']);
    for (const config of configs) expect(existsSync(path.join(repoRoot, config)), config).toBe(true);
  });

  it('CI grants read-only contents and writes only in the release job', () => {
    expect(readWorkflow('.github/workflows/ci.yml').permissions).toEqual({ contents: 'read' });
    const release = readWorkflow('.github/workflows/release.yml');
    expect(release.permissions).toEqual({ contents: 'read' });
    const jobs = release.jobs as Record<string, { permissions?: unknown }>;
    expect(jobs.release?.permissions).toEqual({ contents: 'write' });
  });
});

describe('the lint can fail', () => {
  const broken = [
    'on: pull_request',
    'permissions:',
    '  pull-request: write',
    'jobs:',
    '  plan:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-dept: 0',
    '      - uses: omni-dbt/omni-dbt-action@v1',
    '        id: plan',
    '        with:',
    `          api_token: \${{ secrets.OMNI_API_TOKEN }}`,
    `      - run: echo "\${{ steps.plann.outputs.changed }}"`,
    '',
  ].join('\n');

  it('reports each mistake of a broken workflow with its line and column', async () => {
    const findings = await lintWorkflow(broken, 'broken.yml');
    const byLine = findings.map((finding) => [finding.line, finding.kind]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [3, 'permissions'],
        [10, 'action'],
        [14, 'action-inputs'],
        [15, 'expression'],
      ]),
    );
    expect(findings.map(formatFinding)[0]).toMatch(/^broken\.yml:3:\d+: .*pull-request/);
  });

  it('reports a file that is not YAML', async () => {
    const findings = await lintWorkflow('on: push\njobs: [\n', 'not-yaml.yml');
    expect(findings.length).toBeGreaterThan(0);
  });
});
