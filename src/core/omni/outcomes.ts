// Settling writes whose answer does not say what happened: a create whose outcome is unknown is looked up
// before it is sent again, and a DELETE answered 404 counts as "already gone" only when a checked lookup
// says so (README, "Guards at the edges": nothing is concluded from an answer that was not checked).
import { OmniError, OmniHttpError } from './errors.js';

/**
 * Sends `create`; when it fails with an unknown outcome (it may have landed), asks `findCreated` (a GET, safe
 * to repeat) whether it did: found, that is the result; not found, the create did not land and is sent once
 * more (assumed: Omni lists what a create made once the create is done; its sources do not say). It is never
 * sent a third time. A failing lookup leaves the first failure as it was.
 */
export async function createUnlessFound<T>(
  create: () => Promise<T>,
  findCreated: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof OmniError) || !error.isOutcomeUncertain) throw error;
    let found: T | undefined;
    try {
      found = await findCreated();
    } catch {
      throw error;
    }
    if (found !== undefined) return found;
    return create();
  }
}

export type Deletion = 'deleted' | 'absent';

/**
 * Sends `remove`; a 404 names no culprit (the parent or the thing itself), so it counts as `absent` only when
 * `isConfirmedAbsent` (which must fail, or answer false, when the parent is missing) says the parent answers
 * and the thing is not there. Otherwise the 404 stands.
 */
export async function deleteUnlessAbsent(
  remove: () => Promise<void>,
  isConfirmedAbsent: () => Promise<boolean>,
): Promise<Deletion> {
  try {
    await remove();
    return 'deleted';
  } catch (error) {
    if (!(error instanceof OmniHttpError) || error.status !== 404) throw error;
    if (await isConfirmedAbsent()) return 'absent';
    throw error;
  }
}
