// Pure rendering of the impact check into the job summary and the PR comment (README, "Impact on Omni",
// "Report"): per connection, the verdict, the new content issues (each document linked on the Omni instance),
// the new model issues, the dashboards at risk, the counts and what was not covered. Every outside value goes
// through markdown-text.ts; long lists are cut to fit the room they are given, saying where the rest is.
import type { ContentIssue, ModelIssue } from '../omni/models.js';
import type { AtRiskModel } from '../plan/impact.js';
import { pluralGrouped as plural } from '../plural.js';
import type { ImpactResult } from '../run/impact.js';
import type { ConnectionResult, RunReport } from '../run/types.js';
import type { Redactor } from '../secrets.js';
import {
  describeBranchResult,
  describeImpactCounts,
  describeImpactSubject,
  describeIssuePlace,
  describeModelIssuePlace,
  describeNotCovered,
} from './impact-lines.js';
import { escapeMarkdownText, formatCodeSpan, formatMarkdownLink } from './markdown-text.js';
import {
  addSize,
  asciiSize,
  isWithin,
  measureText,
  NO_SIZE,
  sumSizes,
  type TextSize,
  UNLIMITED_SIZE,
} from './text-size.js';

export interface ImpactSectionOptions {
  /** The room every impact section of the report shares, in characters and in bytes. */
  room: TextSize;
  /** Where the whole lists are when one had to be cut (the job summary, the `result` output). */
  fullListLocation: string;
  redactor: Redactor;
}

/** A value of Omni's (a name, a message) is cut at this length in a table cell: a row stays a row. */
const CELL_MAX_CHARS = 300;
/** What the lines saying "n more …" take at most, kept free while the rows are added. */
const CUT_NOTE_RESERVE: TextSize = { chars: 400, bytes: 800 };
const SEPARATOR = '\n\n';

/** A document's address on the Omni instance: `<omni-url>/dashboards/<identifier>`. */
export function linkDocument(issue: Pick<ContentIssue, 'identifier'>, instanceUrl: string): string {
  return `${instanceUrl}/dashboards/${encodeURIComponent(issue.identifier)}`;
}

interface ListSpec {
  title: string;
  header: string;
  rows: string[];
  /** What the rows are, for the note saying how many were left out. */
  noun: (count: number) => string;
}

function renderContentRows(issues: readonly ContentIssue[], impact: ImpactResult, redactor: Redactor) {
  return issues.map((issue) => {
    const document = formatMarkdownLink(
      redactor.cut(issue.documentName, CELL_MAX_CHARS),
      linkDocument(issue, impact.instanceUrl),
    );
    const folder =
      issue.folderPath === null
        ? '—'
        : formatCodeSpan(redactor.cut(issue.folderPath, CELL_MAX_CHARS), { isInTable: true });
    const place = escapeMarkdownText(redactor.cut(describeIssuePlace(issue), CELL_MAX_CHARS));
    const message = escapeMarkdownText(redactor.cut(issue.message, CELL_MAX_CHARS));
    return redactor.redact(`| ${document} | ${folder} | ${place} | ${message} |`);
  });
}

function renderModelRows(issues: readonly ModelIssue[], redactor: Redactor) {
  return issues.map((issue) => {
    const where =
      issue.where === null
        ? describeModelIssuePlace(issue)
        : formatCodeSpan(redactor.cut(issue.where, CELL_MAX_CHARS), { isInTable: true });
    const kind = issue.isWarning ? 'warning' : 'error';
    const message = escapeMarkdownText(redactor.cut(issue.message, CELL_MAX_CHARS));
    return redactor.redact(`| ${where} | ${kind} | ${message} |`);
  });
}

function renderAtRiskRows(atRisk: readonly AtRiskModel[], redactor: Redactor) {
  return atRisk.flatMap((entry) =>
    entry.dashboards.map((dashboard) => {
      const name = redactor.cut(dashboard.name, CELL_MAX_CHARS);
      // The url was checked when the check ran (run/impact.ts, linkDashboard): http(s) on the Omni host.
      const link =
        dashboard.url === null ? escapeMarkdownText(name) : formatMarkdownLink(name, dashboard.url);
      const model = formatCodeSpan(redactor.cut(entry.model, CELL_MAX_CHARS), { isInTable: true });
      return redactor.redact(`| ${model} | ${link} |`);
    }),
  );
}

/**
 * One connection's impact section within `budget`. The heading, the verdict, the counts and the notes are
 * always there; the lists get what is left, in order, each cut with a note saying how many rows are left
 * out and where the whole list is.
 */
export function renderImpactSection(
  connection: ConnectionResult,
  impact: ImpactResult,
  budget: TextSize,
  options: Pick<ImpactSectionOptions, 'fullListLocation' | 'redactor'>,
): string {
  const { redactor } = options;
  const { content, model } = impact.comparison;
  const hasNew = content.new.length + model.new.length > 0;
  const icon = impact.isFailing ? '❌' : hasNew ? '⚠️' : '✅';
  const who = escapeMarkdownText(connection.name ?? connection.connectionId);
  const head = [
    `### Impact on Omni: ${who}`,
    `**${icon} ${escapeMarkdownText(impact.verdict)}**: ${escapeMarkdownText(describeImpactSubject(impact))}.`,
    ...(connection.branches ?? []).map((branch) => escapeMarkdownText(describeBranchResult(branch))),
  ].map((part) => redactor.redact(part));
  const tail = [
    escapeMarkdownText(`${describeImpactCounts(impact)}.`),
    ...(impact.atRiskNote === undefined ? [] : [escapeMarkdownText(impact.atRiskNote)]),
    `**Not covered:** ${describeNotCovered(impact).map(escapeMarkdownText).join(' ')}`,
  ].map((part) => redactor.redact(part));

  const allLists: ListSpec[] = [
    {
      title: `**New content issues (${plural(content.new.length, 'issue')})**`,
      header: '| Document | Folder | Query or filter | Issue |\n| --- | --- | --- | --- |',
      rows: renderContentRows(content.new, impact, redactor),
      noun: (count) => plural(count, 'new content issue'),
    },
    {
      title: `**New model issues (${plural(model.new.length, 'issue')})**`,
      header: '| Where | Severity | Issue |\n| --- | --- | --- |',
      rows: renderModelRows(model.new, redactor),
      noun: (count) => plural(count, 'new model issue'),
    },
    {
      title:
        '**Dashboards at risk**: their dbt exposures use a dbt model this change touches (informational, never a failure)',
      header: '| dbt model | Dashboard |\n| --- | --- |',
      rows: renderAtRiskRows(impact.atRisk, redactor),
      noun: (count) => plural(count, 'dashboard at risk', 'dashboards at risk'),
    },
  ];
  const lists = allLists.filter((list) => list.rows.length > 0);

  const fixedParts = [...head, ...tail];
  const partCount = fixedParts.length + lists.length;
  const separators = SEPARATOR.length * Math.max(0, partCount - 1);
  const used = addSize(sumSizes(fixedParts.map(measureText)), asciiSize(separators));
  const openings = lists.map((list) => `${list.title}\n\n${list.header}`);
  const needs = lists.map((list, index) =>
    list.rows.map((row) => measureText(`\n${row}`)).reduce(addSize, measureText(openings[index] ?? '')),
  );
  // The room left after the fixed parts, shared among the lists: the smallest first, each taking what it needs
  // up to an equal share, so that one long list cannot push a short one out.
  const budgets = shareRoom(needs, {
    chars: budget.chars - used.chars - CUT_NOTE_RESERVE.chars,
    bytes: budget.bytes - used.bytes - CUT_NOTE_RESERVE.bytes,
  });
  const rendered = lists.map((list, index) => {
    const listBudget = budgets[index] ?? NO_SIZE;
    const opening = openings[index] ?? '';
    const kept: string[] = [];
    let size = measureText(opening);
    for (const row of list.rows) {
      const next = addSize(size, measureText(`\n${row}`));
      if (!isWithin(next, listBudget)) break;
      kept.push(row);
      size = next;
    }
    const left = list.rows.length - kept.length;
    const note =
      left === 0
        ? ''
        : `\n\n> [!NOTE]\n> ${list.noun(left)} ${left === 1 ? 'is' : 'are'} left out here to fit GitHub's size limit; the whole list is in ${options.fullListLocation}.`;
    return kept.length === 0 ? `${list.title}${note}` : `${opening}\n${kept.join('\n')}${note}`;
  });
  return redactor.redact([...head, ...rendered, ...tail].join(SEPARATOR));
}

/**
 * Splits `room` among parts that need `needs`: the smallest first, each getting what it needs up to an
 * equal share of what is left, so that what small parts leave goes to the large ones.
 */
function shareRoom(needs: readonly TextSize[], room: TextSize): TextSize[] {
  let left = { chars: Math.max(0, room.chars), bytes: Math.max(0, room.bytes) };
  const budgets: TextSize[] = needs.map(() => NO_SIZE);
  const order = needs
    .map((_, index) => index)
    .sort((a, b) => (needs[a]?.bytes ?? 0) - (needs[b]?.bytes ?? 0));
  order.forEach((index, position) => {
    const remaining = order.length - position;
    const share = { chars: left.chars / remaining, bytes: left.bytes / remaining };
    const need = needs[index] ?? NO_SIZE;
    const budget = isWithin(need, share) ? need : share;
    budgets[index] = budget;
    left = { chars: left.chars - budget.chars, bytes: left.bytes - budget.bytes };
  });
  return budgets;
}

/**
 * Every connection's impact section, within `room` together. Sections that fit their equal share are
 * whole; what they leave is shared among the others, whose lists are cut to fit.
 */
export function renderImpactSections(report: RunReport, options: ImpactSectionOptions): string[] {
  const checked = report.connections.flatMap((connection) =>
    connection.impact === undefined ? [] : [{ connection, impact: connection.impact }],
  );
  if (checked.length === 0) return [];
  const whole = checked.map(({ connection, impact }) =>
    renderImpactSection(connection, impact, UNLIMITED_SIZE, options),
  );
  const sizes = whole.map(measureText);
  const separators = SEPARATOR.length * checked.length;
  if (isWithin(addSize(sumSizes(sizes), asciiSize(separators)), options.room)) return whole;
  const budgets = shareRoom(sizes, {
    chars: options.room.chars - separators,
    bytes: options.room.bytes - separators,
  });
  return checked.map(({ connection, impact }, index) => {
    const budget = budgets[index] ?? NO_SIZE;
    const size = sizes[index] ?? { chars: 0, bytes: 0 };
    return isWithin(size, budget)
      ? (whole[index] ?? '')
      : renderImpactSection(connection, impact, budget, options);
  });
}
