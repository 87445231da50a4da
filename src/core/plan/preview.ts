// Pure side of preview environments: renders a connection's `preview` block for one pull request,
// marks it with OMNI_DBT_PREVIEW=<owner>/<repo>#<pr>, and decides what to create, update or delete.
// Only environments marked for this repository are ever touched (README "Preview environments").
import {
  CONNECTION_ID_PATTERN,
  dbtEnvironmentCreateBodySchema,
  PREVIEW_MARKER_VARIABLE,
} from '../config/schema.js';
import type { PreviewConfig } from '../config/types.js';
import {
  diffEnvironment,
  type EnvironmentPlanEntry,
  type LiveEnvironment,
  listUnresolved,
  type ResolvedEnvironment,
  readPlainVariable,
  resolveVariable,
  type UnresolvedVariable,
} from './environments.js';

export interface PreviewContext {
  /** The pull request's number. */
  pr: number;
  /** Head and base branch names. */
  head: string;
  base: string;
  /** The head commit's full SHA; templates get its first 7 characters. */
  sha: string;
  /** `owner/repo` of the workflow's repository. */
  repository: string;
}

/** Where the environment is bound: POST /v1/models/{modelId}/branch/{branchName}/dbt. */
export interface PreviewBinding {
  modelId: string;
  branchName: string;
}

export interface RenderedPreview {
  environment: ResolvedEnvironment;
  /** The marker value, `<owner>/<repo>#<pr>`. */
  marker: string;
  binding: PreviewBinding | undefined;
  /** Rendered values the contract would refuse, each naming its field; empty when all is well. */
  problems: string[];
}

const SHORT_SHA_LENGTH = 7;

export function previewMarker(repository: string, pr: number): string {
  return `${repository}#${pr}`;
}

/** `{ repository, pr }` from a marker value, or undefined when it is not one. */
export function parsePreviewMarker(
  value: string | null | undefined,
): { repository: string; pr: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#([1-9][0-9]{0,9})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { repository: match[1], pr: Number(match[2]) };
}

/** Replaces `{pr}`, `{head}`, `{base}` and `{sha}` (config validation allows no other braces). */
export function renderTemplate(template: string, context: PreviewContext): string {
  const values: Record<string, string> = {
    pr: String(context.pr),
    head: context.head,
    base: context.base,
    sha: context.sha.slice(0, SHORT_SHA_LENGTH),
  };
  return template.replace(/\{(pr|head|base|sha)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The pull request's environment as the file describes it, plus its marker variable, read against
 * the contract's create body. `env` is the step's environment for `fromEnv` variables.
 */
export function renderPreview(
  preview: PreviewConfig,
  context: PreviewContext,
  env: Readonly<Record<string, string | undefined>> = {},
): RenderedPreview {
  const render = (template: string | null) => (template === null ? null : renderTemplate(template, context));
  const marker = previewMarker(context.repository, context.pr);
  const environment: ResolvedEnvironment = {
    name: renderTemplate(preview.name, context),
    targetSchema: renderTemplate(preview.targetSchema, context),
    targetDatabase: render(preview.targetDatabase),
    targetRole: render(preview.targetRole),
    targetName: render(preview.targetName),
    variables: [
      ...preview.variables.map((variable) => resolveVariable(variable, env)),
      { name: PREVIEW_MARKER_VARIABLE, isSecret: false, value: marker },
    ],
    position: preview.position,
  };
  const problems: string[] = [];
  const body = {
    name: environment.name,
    targetSchema: environment.targetSchema,
    targetDatabase: environment.targetDatabase,
    targetRole: environment.targetRole,
    targetName: environment.targetName,
  };
  for (const issue of dbtEnvironmentCreateBodySchema.safeParse(body).error?.issues ?? []) {
    const field = String(issue.path[0]);
    problems.push(
      `preview.${field} renders to ${JSON.stringify(body[field as keyof typeof body])} for pull request #${context.pr}, which Omni refuses (${issue.message})`,
    );
  }
  let binding: PreviewBinding | undefined;
  if (preview.omniModel !== undefined) {
    const branchName = renderTemplate(preview.omniBranch ?? '{head}', context);
    if (!CONNECTION_ID_PATTERN.test(preview.omniModel)) problems.push('preview.omniModel is not a UUID');
    if (branchName === '')
      problems.push(`preview.omniBranch renders to an empty branch name for #${context.pr}`);
    binding = { modelId: preview.omniModel, branchName };
  }
  return { environment, marker, binding, problems };
}

export type PreviewPlan =
  | { ok: true; entries: EnvironmentPlanEntry[]; unresolved: UnresolvedVariable[] }
  | { ok: false; error: string; hint: string };

export interface PlanPreviewInput {
  /** The rendered environment (renderPreview), carrying its OMNI_DBT_PREVIEW variable. */
  desired: ResolvedEnvironment;
  live: LiveEnvironment[];
  isUpdatingSecrets?: boolean;
}

/**
 * The pull request's environment is the shared one marked for it (update or unchanged); without
 * one it is created, unless an environment that is not this pull request's has the same name: that
 * one was made by a person or for something else, and is never taken over. Further environments
 * marked for the same pull request (left by an earlier failed run) are deleted.
 */
export function planPreview({ desired, live, isUpdatingSecrets = false }: PlanPreviewInput): PreviewPlan {
  const marker = desired.variables.find((variable) => variable.name === PREVIEW_MARKER_VARIABLE)?.value;
  const parsed = parsePreviewMarker(marker);
  if (!parsed) {
    return {
      ok: false,
      error: `The preview environment "${desired.name}" carries no valid ${PREVIEW_MARKER_VARIABLE} marker.`,
      hint: 'Render it with renderPreview, which sets the marker.',
    };
  }
  const marked = selectPreviewsOfPr(live, parsed);
  // Omni's default environment is never this pull request's, marker or not: never updated nor deleted.
  const ours = marked.filter((environment) => !environment.isDefaultEnvironment);
  const key = desired.name.toLowerCase();
  // The one already named as the preview is kept, so that no rename collides with a duplicate that the
  // same write deletes after it; else the first Omni lists.
  const current = ours.find((environment) => environment.name.toLowerCase() === key) ?? ours[0];
  const duplicates = ours.filter((environment) => environment !== current);
  const namesake = live.find(
    (environment) => environment.name.toLowerCase() === key && !ours.includes(environment),
  );
  if (namesake) {
    const whose =
      namesake.ownerId !== null
        ? 'a personal environment'
        : namesake.isDefaultEnvironment
          ? 'its default environment'
          : readMarker(namesake) === undefined
            ? 'a shared environment without the preview marker'
            : `the preview environment of ${readMarker(namesake)}`;
    return {
      ok: false,
      error: `Omni already has ${whose} named "${namesake.name}"; the preview of ${parsed.repository}#${parsed.pr} would take its name, and the action never changes an environment it did not make.`,
      hint: 'Change `preview.name` in omni-dbt.yml so that it includes {pr}, or rename the other environment in Omni.',
    };
  }
  const entries: EnvironmentPlanEntry[] = [
    diffEnvironment(desired, current, isUpdatingSecrets),
    ...planPreviewDeletes([
      ...duplicates,
      ...marked.filter((environment) => environment.isDefaultEnvironment),
    ]),
  ];
  return { ok: true, entries, unresolved: listUnresolved(entries) };
}

export const DEFAULT_PREVIEW_NOTE = `Omni's default environment is never deleted, even with a preview marker: remove ${PREVIEW_MARKER_VARIABLE} from it in Omni.`;

/**
 * The deletes of marked environments (a closed pull request's, a duplicate, the sweep's), except Omni's
 * default environment: whatever marker it carries, it is kept, with a note saying so.
 */
export function planPreviewDeletes(doomed: readonly LiveEnvironment[]): EnvironmentPlanEntry[] {
  return doomed.map(({ id: environmentId, name, isDefaultEnvironment }) =>
    isDefaultEnvironment
      ? { action: 'unmanaged', name, environmentId, changes: [], note: DEFAULT_PREVIEW_NOTE }
      : { action: 'delete', name, environmentId, changes: [], isDefaultEnvironment },
  );
}

/** The marker value of a shared environment, or undefined (personal, or not marked). */
function readMarker(environment: LiveEnvironment): string | undefined {
  const value = readPlainVariable(environment, PREVIEW_MARKER_VARIABLE);
  return parsePreviewMarker(value) ? value : undefined;
}

/**
 * Shared environments marked for this pull request (to update, or to delete on `closed`).
 * `marker` is the marker string or its parsed form; repositories compare case-insensitively, as GitHub's do.
 */
export function selectPreviewsOfPr(
  live: readonly LiveEnvironment[],
  marker: string | { repository: string; pr: number },
): LiveEnvironment[] {
  const wanted = typeof marker === 'string' ? parsePreviewMarker(marker) : marker;
  if (!wanted) return [];
  return live.filter((environment) => {
    const found = parsePreviewMarker(readMarker(environment));
    return (
      found !== undefined &&
      found.pr === wanted.pr &&
      found.repository.toLowerCase() === wanted.repository.toLowerCase()
    );
  });
}

export interface SweepCandidate {
  pr: number;
  environments: LiveEnvironment[];
}

/**
 * The marked shared environments of `repository`, grouped by pull request number (ascending), for
 * the sweep to ask GitHub about. Never another repository's, never unmarked, never personal.
 */
export function groupSweepCandidates(live: readonly LiveEnvironment[], repository: string): SweepCandidate[] {
  const byPr = new Map<number, LiveEnvironment[]>();
  for (const environment of live) {
    const found = parsePreviewMarker(readMarker(environment));
    if (!found || found.repository.toLowerCase() !== repository.toLowerCase()) continue;
    byPr.set(found.pr, [...(byPr.get(found.pr) ?? []), environment]);
  }
  return [...byPr.entries()].sort(([a], [b]) => a - b).map(([pr, environments]) => ({ pr, environments }));
}
