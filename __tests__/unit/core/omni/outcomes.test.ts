// createUnlessFound and deleteUnlessAbsent with fakes: what each failure leads to, and how many writes.
import { describe, expect, it } from 'vitest';
import { OmniHttpError, OmniNetworkError, withOutcome } from '../../../../src/core/omni/errors.js';
import { createUnlessFound, deleteUnlessAbsent } from '../../../../src/core/omni/outcomes.js';

const at = { method: 'POST' as const, path: '/v1/things' };
const uncertain = () =>
  withOutcome(new OmniNetworkError({ ...at, code: 'ECONNRESET', description: 'reset' }), {
    uncertainOutcome: 'it may have been made',
  });

/** A create that fails with each given error in turn, then answers `made`. */
function scriptCreate(failures: Error[]) {
  let calls = 0;
  const create = async () => {
    calls += 1;
    const failure = failures[calls - 1];
    if (failure) throw failure;
    return 'made';
  };
  return { create, calls: () => calls };
}

describe('createUnlessFound', () => {
  it.each([
    ['a success', [], async () => undefined, 'made', 1],
    ['an unknown outcome, then found', [uncertain()], async () => 'found', 'found', 1],
    ['an unknown outcome, then not found', [uncertain()], async () => undefined, 'made', 2],
  ])('%s', async (_, failures, find, result, creates) => {
    const { create, calls } = scriptCreate(failures);
    await expect(createUnlessFound(create, find)).resolves.toBe(result);
    expect(calls()).toBe(creates);
  });

  it('does not look up or repeat after a failure whose outcome is known', async () => {
    const refused = new OmniHttpError({ ...at, status: 400 });
    const { create, calls } = scriptCreate([refused]);
    let lookups = 0;
    await expect(
      createUnlessFound(create, async () => {
        lookups += 1;
        return 'found';
      }),
    ).rejects.toBe(refused);
    expect([calls(), lookups]).toEqual([1, 0]);
  });

  it('keeps the first failure when the lookup fails, and never creates a third time', async () => {
    const first = uncertain();
    const { create, calls } = scriptCreate([first]);
    await expect(
      createUnlessFound(create, async () => {
        throw new Error('lookup failed');
      }),
    ).rejects.toBe(first);
    expect(calls()).toBe(1);

    const second = uncertain();
    const twice = scriptCreate([uncertain(), second]);
    await expect(createUnlessFound(twice.create, async () => undefined)).rejects.toBe(second);
    expect(twice.calls()).toBe(2);
  });
});

describe('deleteUnlessAbsent', () => {
  const notFound = new OmniHttpError({ method: 'DELETE', path: '/v1/things/1', status: 404 });
  it.each([
    ['a success', async () => undefined, async () => false, 'deleted'],
    [
      'a 404 and a lookup that confirms it is gone',
      async () => Promise.reject(notFound),
      async () => true,
      'absent',
    ],
  ])('%s', async (_, remove, isConfirmedAbsent, result) => {
    await expect(deleteUnlessAbsent(remove, isConfirmedAbsent)).resolves.toBe(result);
  });

  it.each([
    ['a 404 the lookup does not confirm', notFound, async () => false, notFound],
    ['a 404 whose lookup fails', notFound, async () => Promise.reject(new Error('lookup')), 'lookup'],
    [
      'another status, not looked up',
      new OmniHttpError({ method: 'DELETE', path: '/x', status: 409 }),
      async () => true,
      'HTTP 409',
    ],
  ])('fails on %s', async (_, failure, isConfirmedAbsent, expected) => {
    const promise = deleteUnlessAbsent(() => Promise.reject(failure), isConfirmedAbsent);
    if (typeof expected === 'string') await expect(promise).rejects.toThrow(expected);
    else await expect(promise).rejects.toBe(expected);
  });
});
