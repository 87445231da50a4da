// Reads every page of one of Omni's cursor-paged lists, and refuses a list that cannot be read whole: a
// cursor an earlier page gave, `hasNextPage` without a cursor, or more pages than the guard allows. A
// partial list is never returned as the whole one: plans delete what a list does not show.
import { type OmniMethod, OmniPagingError } from './errors.js';

/** One page as the endpoint's schema read it; `nextCursor` is read only when `hasNextPage`. */
export interface CursorPage<T> {
  items: T[];
  hasNextPage: boolean;
  nextCursor: string | null;
}

export interface ReadAllPagesOptions<T> {
  method: OmniMethod;
  /** The API path, for the error (no host, no token). */
  path: string;
  /** Pages read at most before the list counts as never ending. */
  maxPages: number;
  /** Reads the page after `cursor` (the first page when undefined). */
  readPage: (cursor: string | undefined) => Promise<CursorPage<T>>;
}

/** Every item of the list, in page order; rejects with OmniPagingError when the paging does not end well. */
export async function readAllPages<T>(options: ReadAllPagesOptions<T>): Promise<T[]> {
  const { method, path, maxPages } = options;
  const items: T[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= maxPages; page += 1) {
    const answer = await options.readPage(cursor);
    items.push(...answer.items);
    if (!answer.hasNextPage) return items;
    const next = answer.nextCursor;
    if (next === null || next === '') {
      throw new OmniPagingError({
        method,
        path,
        reason: `page ${page} says more follow but gives no cursor`,
      });
    }
    if (seenCursors.has(next)) {
      throw new OmniPagingError({
        method,
        path,
        reason: `page ${page} gives a cursor an earlier page gave, so the list would never end`,
      });
    }
    seenCursors.add(next);
    cursor = next;
  }
  throw new OmniPagingError({
    method,
    path,
    reason: `it still had more pages after ${maxPages}, more than any list should have`,
  });
}
