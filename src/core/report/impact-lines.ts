// Pure: the impact check's report as plain sentences (README, "Impact on Omni", "Report"): where an issue is,
// the counts beside the verdict, what the check did not cover, and the lines of the log group. Shared by
// the summary and comment (impact-markdown.ts), the action's log and the CLI; each destination escapes them.
import type { ContentIssue, ModelIssue } from '../omni/models.js';
import { pluralGrouped as plural } from '../plural.js';
import type { ImpactResult } from '../run/impact.js';
import type { BranchResult, ConnectionResult } from '../run/types.js';

/** Where in its document a content issue is: a query, a dashboard filter, or the document itself. */
export function describeIssuePlace(issue: ContentIssue): string {
  if (issue.kind === 'document') return 'the document itself';
  // Omni names a dashboard filter's issue by its message alone (docs.omni.co's example).
  if (issue.kind === 'filter')
    return issue.queryName === null ? 'a dashboard filter' : `filter ${issue.queryName}`;
  return issue.queryName ?? 'a query without a name';
}

/** Where a model issue points, or a dash when Omni names nothing. */
export function describeModelIssuePlace(issue: ModelIssue): string {
  return issue.where ?? '—';
}

/** "3 existing issues (on main too), 2 resolved": the counts the verdict line leaves to the reader. */
export function describeImpactCounts(impact: ImpactResult): string {
  const { content, model } = impact.comparison;
  const existing = content.existing.length + model.existing.length;
  const resolved = content.resolved.length + model.resolved.length;
  const on =
    impact.refresh !== undefined
      ? 'before the refresh too'
      : impact.baseName === undefined
        ? 'before too'
        : `on ${impact.baseName} too`;
  return `${plural(existing, 'existing issue')} (${on}, not counted against this change), ${plural(resolved, 'issue')} resolved`;
}

/** What the check did not look at: the refresh it skipped, what the token cannot see, the scope. */
export function describeNotCovered(impact: ImpactResult): string[] {
  return [
    ...(impact.refreshNote === undefined ? [] : [impact.refreshNote]),
    "Content the API token's user cannot see in Omni, and documents in personal folders, are not checked.",
    ...(impact.folders.length > 0 ? [`Only content under ${impact.folders.join(', ')} was checked.`] : []),
    ...(impact.labels.length > 0 ? [`Only content labelled ${impact.labels.join(', ')} was checked.`] : []),
  ];
}

/**
 * What the verdict is measured against, and the rule that decides the exit: a preview's branch against its
 * shared model (`failOn`), or a refresh's shared models before and after it (`fail-on-impact`).
 */
export function describeImpactSubject(impact: ImpactResult): string {
  const setting = impact.refresh?.failOnSetting ?? 'failOn';
  const rule =
    impact.failOn === 'none'
      ? `${setting}: none, so issues never fail the check`
      : impact.failOn === 'any'
        ? `${setting}: any, so any issue fails the check`
        : `${setting}: new, so a new issue fails the check`;
  if (impact.refresh !== undefined) {
    const [first, ...others] = impact.refresh.modelIds;
    const also =
      others.length === 0
        ? ''
        : `, and ${others.length === 1 ? 'model' : 'models'} ${others.join(', ')} validated with it`;
    return `the shared model ${first ?? impact.modelId} before and after its schema refresh${also} (${rule})`;
  }
  return `branch "${impact.branchName}" against the shared model ${impact.modelId} (${rule})`;
}

/** The log group's lines: the verdict, every new issue, the dashboards at risk, the counts and notes. */
export function describeImpactLogLines(impact: ImpactResult): string[] {
  const { content, model } = impact.comparison;
  const lines = [`  impact: ${impact.verdict} (${describeImpactSubject(impact)})`];
  for (const issue of content.new) {
    lines.push(`    new: ${issue.documentName} — ${describeIssuePlace(issue)}: ${issue.message}`);
  }
  for (const issue of model.new) {
    lines.push(`    new model issue: ${describeModelIssuePlace(issue)}: ${issue.message}`);
  }
  for (const entry of impact.atRisk) {
    lines.push(
      `    at risk (dbt model ${entry.model}): ${entry.dashboards.map((dashboard) => dashboard.name).join(', ')}`,
    );
  }
  lines.push(`    ${describeImpactCounts(impact)}`);
  if (impact.atRiskNote !== undefined) lines.push(`    ${impact.atRiskNote}`);
  for (const note of describeNotCovered(impact)) lines.push(`    not covered: ${note}`);
  return lines;
}

/** One line of what was done with a preview's Omni branch. */
export function describeBranchResult(branch: BranchResult): string {
  const what = {
    found: 'found',
    create: branch.status === 'applied' ? 'created' : 'to create',
    delete: branch.status === 'applied' ? 'deleted' : 'to delete',
    keep: 'kept',
  }[branch.action];
  const failed = branch.status === 'failed' ? ' (failed)' : '';
  const note = branch.note === undefined ? '' : ` ${branch.note}`;
  return `Omni branch "${branch.name}" of model ${branch.modelId}: ${what}${failed}.${note}`;
}

/** The dashboards at risk, as the warning annotation on a changed model file says it. */
export function describeAtRiskAnnotation(model: string, dashboards: readonly { name: string }[]): string {
  const names = dashboards.map((dashboard) => dashboard.name);
  const shown = names.slice(0, 20).join(', ');
  const more = names.length > 20 ? `, and ${names.length - 20} more` : '';
  return `The dbt model ${model} is used by ${plural(names.length, 'Omni dashboard')}: ${shown}${more}. Check them on the pull request's branch before merging.`;
}

/** The headline's words on the impact checks that ran: " Impact on <connection>: <verdict>." each. */
export function describeImpactHeadline(connections: readonly ConnectionResult[]): string {
  return connections
    .flatMap((connection) =>
      connection.impact === undefined
        ? []
        : [` Impact on ${connection.name ?? connection.connectionId}: ${connection.impact.verdict}.`],
    )
    .join('');
}

/** The headline's words on the Omni branches a close or a sweep deleted. */
export function describeDeletedBranches(connections: readonly ConnectionResult[]): string {
  const deleted = connections.flatMap((connection) =>
    (connection.branches ?? []).filter((branch) => branch.action === 'delete' && branch.status === 'applied'),
  );
  if (deleted.length === 0) return '';
  return ` Deleted the Omni ${deleted.length === 1 ? 'branch' : 'branches'} ${deleted.map((branch) => `"${branch.name}"`).join(', ')}.`;
}
