import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isOmniHost, resolveOmniBaseUrl } from '../../../../src/core/omni/url.js';
import { ACTION_TERMS } from '../../../../src/core/terms.js';

describe('resolveOmniBaseUrl', () => {
  it.each([
    ['https://acme.omniapp.co', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co/', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co/api', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co/api/', 'https://acme.omniapp.co/api'],
    ['  https://acme.omniapp.co/api/ \n', 'https://acme.omniapp.co/api'],
    ['HTTPS://ACME.OmniApp.CO', 'https://acme.omniapp.co/api'],
    ['https://omniapp.co', 'https://omniapp.co/api'],
    ['https://blobsrus.playground.exploreomni.dev', 'https://blobsrus.playground.exploreomni.dev/api'],
    ['https://x.thundersalmon.com', 'https://x.thundersalmon.com/api'],
    ['https://x.embed-omniapp.co', 'https://x.embed-omniapp.co/api'],
    ['https://x.embed-exploreomni.dev/api', 'https://x.embed-exploreomni.dev/api'],
    ['https://x.embed-thundersalmon.com', 'https://x.embed-thundersalmon.com/api'],
    ['https://acme.omniapp.co:443', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co:8443/api', 'https://acme.omniapp.co:8443/api'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/api'],
    ['http://127.5.6.7:4010/api', 'http://127.5.6.7:4010/api'],
    ['http://localhost:4010/', 'http://localhost:4010/api'],
    ['http://[::1]:4010', 'http://[::1]:4010/api'],
    ['https://localhost:4010', 'https://localhost:4010/api'],
  ])('accepts %j as %s', (input, apiBaseUrl) => {
    expect(resolveOmniBaseUrl(input, { allowCustomHost: false, terms: ACTION_TERMS })).toEqual({
      ok: true,
      apiBaseUrl,
      instanceUrl: apiBaseUrl.slice(0, -'/api'.length),
    });
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['acme.omniapp.co', /must start with https:\/\//],
    ['http://acme.omniapp.co', /^omni-url "http:\/\/acme\.omniapp\.co" must use https:\/\//],
    ['ftp://acme.omniapp.co', /must use https:\/\//],
    ['https://evilomniapp.co', /not an Omni domain/],
    ['https://omniapp.co.evil.com', /not an Omni domain/],
    ['https://acme.omniapp.com', /not an Omni domain/],
    ['https://example.com', /allow-custom-host/],
    ['https://user:secret@acme.omniapp.co', /must not contain credentials/],
    ['https://token@acme.omniapp.co', /must not contain credentials/],
    ['https://acme.omniapp.co/api?token=x', /query string/],
    ['https://acme.omniapp.co/?', /query string/],
    ['https://acme.omniapp.co/#frag', /fragment/],
    ['https://acme.omniapp.co/api/v1', /without a path/],
    ['https://acme.omniapp.co/dashboards', /without a path/],
    ['https://acme.omniapp.co./', /trailing "\."/],
    ['https://', /not a valid URL/],
  ])('rejects %j', (input, message) => {
    const result = resolveOmniBaseUrl(input, { allowCustomHost: false, terms: ACTION_TERMS });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('accepts a custom host over https only with allowCustomHost', () => {
    expect(
      resolveOmniBaseUrl('https://omni.internal.example', { allowCustomHost: true, terms: ACTION_TERMS }),
    ).toEqual({
      ok: true,
      apiBaseUrl: 'https://omni.internal.example/api',
      instanceUrl: 'https://omni.internal.example',
    });
    const overHttp = resolveOmniBaseUrl('http://omni.internal.example', {
      allowCustomHost: true,
      terms: ACTION_TERMS,
    });
    expect(overHttp).toMatchObject({ ok: false, error: expect.stringMatching(/must use https:\/\//) });
  });

  it('never quotes credentials or query values back', () => {
    for (const input of ['https://user:s3cr3t@acme.omniapp.co', 'https://acme.omniapp.co/api?key=s3cr3t']) {
      const result = resolveOmniBaseUrl(input, { allowCustomHost: false, terms: ACTION_TERMS });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).not.toContain('s3cr3t');
    }
  });
});

describe('isOmniHost and isLoopbackHost', () => {
  it.each([
    ['omniapp.co', true],
    ['a.b.omniapp.co', true],
    ['evilomniapp.co', false],
    ['omniapp.co.evil.com', false],
    ['embed-omniapp.co', true],
    ['xembed-omniapp.co', false],
  ])('isOmniHost(%s) is %s', (host, expected) => {
    expect(isOmniHost(host)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['localhost', true],
    ['128.0.0.1', false],
    ['localhost.evil.com', false],
    ['127.0.0.1.nip.io', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
