// Reading every page of a list Omni pages by cursor (`pageInfo.hasNextPage`, `pageInfo.nextCursor`), or
// failing: a list that is not read whole is never acted on, so a repeated cursor, a next page without a
// cursor and pages that never end are errors, not the end of the list.
import { z } from 'zod';
import { OmniListError, type OmniMethod } from './errors.js';

/** A cursor-paged answer's `pageInfo`, as every such endpoint of Omni's contracts has it. */
export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), nextCursor: z.string().nullable() });

/** One page as the endpoint's parser read it. */
export interface CursorPage<T> {
  records: readonly T[];
  hasNextPage: boolean;
  nextCursor: string | null;
}

export interface ReadEveryPageOptions {
  method: OmniMethod;
  /** The API path, as errors name it. */
  path: string;
  /** What the pages list, for the error: "the branches", "the dbt exposures". */
  what: string;
  /** A guard against a cursor that never ends. */
  maxPages: number;
}

/** Far beyond any real list (a million records at 100 a page), yet it ends a cursor that cycles. */
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Calls `readPage` with no cursor, then with each page's `nextCursor`, until a page says there is no next
 * one; returns every record in order. Throws OmniListError when the pages cannot be read whole.
 */
export async function readEveryPage<T>(
  readPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  options: ReadEveryPageOptions,
): Promise<T[]> {
  const { method, path, what, maxPages } = options;
  const records: T[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= maxPages; page += 1) {
    const answer = await readPage(cursor);
    records.push(...answer.records);
    if (!answer.hasNextPage) return records;
    const next = answer.nextCursor;
    if (next === null || next === '') {
      throw new OmniListError({
        method,
        path,
        reason: `page ${page} of ${what} says there is a next page but gives no cursor`,
      });
    }
    if (seenCursors.has(next)) {
      throw new OmniListError({
        method,
        path,
        reason: `page ${page} of ${what} gives a cursor an earlier page gave, so the pages would never end`,
      });
    }
    seenCursors.add(next);
    cursor = next;
  }
  throw new OmniListError({ method, path, reason: `${what} go on past ${maxPages} pages` });
}
