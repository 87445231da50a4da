import { describe, expect, it } from 'vitest';
import { OmniPagingError } from '../../../../src/core/omni/errors.js';
import { type CursorPage, readAllPages } from '../../../../src/core/omni/paging.js';

/** Pages answered in order; records each cursor asked with. */
function answering(pages: CursorPage<number>[]) {
  const asked: (string | undefined)[] = [];
  const readPage = async (cursor: string | undefined) => {
    asked.push(cursor);
    const page = pages[asked.length - 1];
    if (page === undefined) throw new Error('asked for one page too many');
    return page;
  };
  return { asked, readPage };
}

const page = (items: number[], nextCursor: string | null, hasNextPage = nextCursor !== null) => ({
  items,
  hasNextPage,
  nextCursor,
});

const read = (pages: CursorPage<number>[], maxPages = 10) => {
  const source = answering(pages);
  const result = readAllPages({ method: 'GET', path: '/v1/list', maxPages, readPage: source.readPage });
  return { result, asked: source.asked };
};

describe('readAllPages', () => {
  it('follows each cursor and returns every item in page order', async () => {
    const { result, asked } = read([page([1, 2], 'a'), page([3], 'b'), page([4], null)]);
    await expect(result).resolves.toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });

  it('ends at hasNextPage false, whatever cursor comes with it', async () => {
    const { result, asked } = read([page([1], 'a', false)]);
    await expect(result).resolves.toEqual([1]);
    expect(asked).toEqual([undefined]);
  });

  it.each([
    [
      'a cursor that comes back',
      [page([1], 'a'), page([2], 'b'), page([3], 'a')],
      'page 3 gives a cursor an earlier page gave, so the list would never end',
    ],
    ['more pages without a cursor', [page([1], null, true)], 'page 1 says more follow but gives no cursor'],
    ['more pages with an empty cursor', [page([1], '', true)], 'page 1 says more follow but gives no cursor'],
  ])('refuses %s: an error, not the end', async (_case, pages, reason) => {
    const { result } = read(pages);
    await expect(result).rejects.toThrow(new OmniPagingError({ method: 'GET', path: '/v1/list', reason }));
  });

  it('refuses a list still going after the page guard, reading no page past it', async () => {
    const pages = Array.from({ length: 4 }, (_, i) => page([i], `c${i}`));
    const { result, asked } = read(pages, 3);
    await expect(result).rejects.toThrow('it still had more pages after 3, more than any list should have');
    expect(asked).toHaveLength(3);
  });
});
