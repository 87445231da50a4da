// The Omni client of the integration tests that talk to the sandbox: the real transport, with millisecond
// backoff and a budget far above any test's requests, and a way to expect a call to fail with an OmniError.
import { expect } from 'vitest';
import { createOmniClient, type OmniClient } from '../../src/core/omni/client.js';
import { OmniError } from '../../src/core/omni/errors.js';
import { createPacer, sleepUnlessAborted } from '../../src/core/omni/pacer.js';

export function createSandboxClient(sandbox: { url: string }, token = 'sandbox-token'): OmniClient {
  return createOmniClient({
    apiBaseUrl: `${sandbox.url}/api`,
    token,
    timeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 },
    random: () => 0.5,
    pacer: createPacer({ maxRequestsPerMinute: 10_000, now: Date.now, sleep: sleepUnlessAborted }),
  });
}

/** The OmniError `promise` fails with; the test fails if it resolves or fails otherwise. */
export async function catchOmniError(promise: Promise<unknown>): Promise<OmniError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OmniError);
    return error as OmniError;
  }
  throw new Error('expected the call to fail');
}
