// Turns the `omni-url` input into the API base URL the token may be sent to (README, "Getting an Omni API
// key": HTTPS, Omni domains unless `allow-custom-host`, plain http only on loopback), or says what is wrong.
import type { FrontEndTerms } from '../terms.js';

/** Omni's published domains, the ones Omni's own CLI trusts (github.com/exploreomni/cli); subdomains included. */
export const OMNI_DOMAINS: readonly string[] = [
  'omniapp.co',
  'exploreomni.dev',
  'thundersalmon.com',
  'embed-omniapp.co',
  'embed-exploreomni.dev',
  'embed-thundersalmon.com',
];

export type ResolveOmniBaseUrlResult =
  /** `instanceUrl`: the instance's own address, where its documents are linked (`apiBaseUrl` without `/api`). */
  { ok: true; apiBaseUrl: string; instanceUrl: string } | { ok: false; error: string };

const ALLOWED_PATHS = new Set(['', '/', '/api', '/api/']);
const EXAMPLE = 'https://acme.omniapp.co';

/** True for the loopback hosts let through over plain http, for local sandboxes (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  // WHATWG URL parsing has already normalised IPv4 forms such as `127.1` to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when `hostname` is one of Omni's domains or a subdomain of one (`evilomniapp.co` is not). */
export function isOmniHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return OMNI_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The input as it may be quoted in an error: credentials, query and fragment hidden (they may hold secrets). */
function quoteInput(raw: string, terms: FrontEndTerms): string {
  const redacted = raw
    .replace(/\/\/[^/?#]*@/, '//***@')
    .replace(/\?.*$/s, '?***')
    .replace(/#.*$/s, '#***');
  const shortened = redacted.length > 200 ? `${redacted.slice(0, 200)}…` : redacted;
  return `${terms.omniUrl} ${JSON.stringify(shortened)}`;
}

/**
 * Checks `omni-url` and returns the API base URL, always ending in `/api` (no trailing slash), and the
 * instance's address.
 * Accepts the instance URL with or without `/api`, a trailing slash and surrounding whitespace.
 */
export function resolveOmniBaseUrl(
  input: string,
  options: { allowCustomHost: boolean; terms: FrontEndTerms },
): ResolveOmniBaseUrlResult {
  const { terms } = options;
  const raw = input.trim();
  const fail = (problem: string): ResolveOmniBaseUrlResult => ({
    ok: false,
    error: `${quoteInput(raw, terms)} ${problem}`,
  });
  if (raw === '') {
    return {
      ok: false,
      error: `${terms.omniUrl} is empty: set it to your Omni instance, e.g. ${EXAMPLE}`,
    };
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return fail(`must start with https://, e.g. ${EXAMPLE}`);
  }

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`is not a valid URL: write the instance address, e.g. ${EXAMPLE}`);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(`must use https://, e.g. ${EXAMPLE}`);
  }
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(raw)) {
    return fail(
      `must not contain credentials: remove the "user:password@" part and pass the token as ${terms.apiToken}`,
    );
  }
  if (raw.includes('?')) {
    return fail(`must not contain a query string: remove everything from "?", e.g. ${EXAMPLE}`);
  }
  if (raw.includes('#')) {
    return fail(`must not contain a fragment: remove everything from "#", e.g. ${EXAMPLE}`);
  }
  if (!ALLOWED_PATHS.has(url.pathname)) {
    return fail(`must be the instance address without a path (optionally ending in /api), e.g. ${EXAMPLE}`);
  }
  if (url.hostname.endsWith('.')) {
    return fail('must not end its host name with a dot: remove the trailing "."');
  }

  const isLoopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !isLoopback) {
    // The token travels in a header: plain http would expose it to anyone on the path.
    return fail(`must use https:// (plain http:// is accepted only for loopback hosts), e.g. ${EXAMPLE}`);
  }
  if (!isLoopback && !options.allowCustomHost && !isOmniHost(url.hostname)) {
    return fail(
      `is not an Omni domain (${OMNI_DOMAINS.join(', ')} or a subdomain): check the address, ` +
        `or ${terms.allowCustomHostAdvice} if your Omni instance really lives on this host`,
    );
  }

  const instanceUrl = `${url.protocol}//${url.host}`;
  return { ok: true, apiBaseUrl: `${instanceUrl}/api`, instanceUrl };
}
