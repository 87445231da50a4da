// readEveryPage with pages from a table: the whole list, or an error for a list that cannot be read whole.
import { describe, expect, it } from 'vitest';
import { OmniListError } from '../../../../src/core/omni/errors.js';
import { type CursorPage, readEveryPage } from '../../../../src/core/omni/paging.js';

const options = { method: 'GET' as const, path: '/v1/things', what: 'the things', maxPages: 5 };

/** Serves the pages in order and records the cursor each call was given. */
function servePages(pages: CursorPage<number>[]) {
  const cursors: (string | undefined)[] = [];
  const readPage = async (cursor: string | undefined) => {
    cursors.push(cursor);
    const page = pages[cursors.length - 1];
    if (!page) throw new Error('asked for a page past the last');
    return page;
  };
  return { readPage, cursors };
}

describe('readEveryPage', () => {
  it('follows each cursor until a page says it is the last', async () => {
    const { readPage, cursors } = servePages([
      { records: [1, 2], hasNextPage: true, nextCursor: 'a' },
      { records: [], hasNextPage: true, nextCursor: 'b' },
      { records: [3], hasNextPage: false, nextCursor: 'ignored' },
    ]);
    await expect(readEveryPage(readPage, options)).resolves.toEqual([1, 2, 3]);
    expect(cursors).toEqual([undefined, 'a', 'b']);
  });

  it.each([
    [
      'a repeated cursor',
      [
        { records: [1], hasNextPage: true, nextCursor: 'a' },
        { records: [2], hasNextPage: true, nextCursor: 'b' },
        { records: [3], hasNextPage: true, nextCursor: 'a' },
      ],
      'page 3 of the things gives a cursor an earlier page gave, so the pages would never end',
    ],
    [
      'a next page without a cursor',
      [{ records: [1], hasNextPage: true, nextCursor: null }],
      'page 1 of the things says there is a next page but gives no cursor',
    ],
    [
      'an empty cursor',
      [{ records: [1], hasNextPage: true, nextCursor: '' }],
      'page 1 of the things says there',
    ],
    [
      'pages past the limit',
      Array.from({ length: 6 }, (_, i) => ({ records: [i], hasNextPage: true, nextCursor: `c${i}` })),
      'the things go on past 5 pages',
    ],
  ])('fails on %s', async (_, pages, reason) => {
    const { readPage } = servePages(pages);
    const error = await readEveryPage(readPage, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OmniListError);
    expect((error as OmniListError).reason).toContain(reason);
    expect((error as OmniListError).path).toBe('/v1/things');
  });
});
