/**
 * The downloader's policy (retries, Retry-After, limits) with a scripted transport and a
 * recorded sleep, so waits are asserted exactly; and the address guard.
 */
import { describe, expect, it } from 'vitest';
import { DownloadError, Downloader, retryAfter, type DownloadPolicy } from '../../../src/write/assets/download.js';
import { guardedLookup, isPublicAddress, type LookupFunction } from '../../../src/write/assets/guard.js';
import { createNodeFetch, type AssetFetch, type AssetResponse } from '../../../src/write/assets/http.js';

const POLICY: DownloadPolicy = { concurrency: 8, perHost: 4, timeoutMs: 1000, retries: 3, backoffMs: 100, maxDelayMs: 5000, maxBytes: 1024 };

function response(status: number, headers: Record<string, string> = {}, body = 'GIF89a'): AssetResponse {
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    body: (async function* () {
      yield Buffer.from(body);
    })(),
  };
}

/** A transport that answers from a script, one reply per call, and records the URLs asked for. */
function scripted(...replies: Array<AssetResponse | Error>) {
  const urls: string[] = [];
  const fetch: AssetFetch = async (url) => {
    urls.push(url);
    const reply = replies.shift();
    if (!reply) throw new Error('no more replies');
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch, urls };
}

function downloader(fetch: AssetFetch, policy: Partial<DownloadPolicy> = {}) {
  const waits: number[] = [];
  const d = new Downloader(fetch, { ...POLICY, ...policy }, async (ms) => {
    waits.push(ms);
  });
  return { d, waits };
}

const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('Downloader', () => {
  it('waits as long as Retry-After says (seconds), capped, then succeeds', async () => {
    const { fetch, urls } = scripted(response(429, { 'retry-after': '2' }), response(503, { 'retry-after': '3600' }), response(200));
    const { d, waits } = downloader(fetch);
    const got = await d.download('https://x.test/a.gif');
    expect(Buffer.from(got.bytes).toString()).toBe('GIF89a');
    expect(got.attempts).toBe(3);
    expect(waits).toEqual([2000, 5000]);
    expect(urls).toHaveLength(3);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryAfter('Wed, 21 Oct 2015 07:28:03 GMT', 60_000, now)).toBe(3000);
    expect(retryAfter('Wed, 21 Oct 2015 07:27:00 GMT', 60_000, now)).toBe(0);
    expect(retryAfter('Wed, 21 Oct 2015 09:28:00 GMT', 60_000, now)).toBe(60_000);
    expect(retryAfter('soon', 60_000, now)).toBeUndefined();
  });

  it('backs off exponentially (with a little jitter) on resets and 5xx without Retry-After', async () => {
    const { fetch } = scripted(reset(), response(500), response(502), response(200));
    const { d, waits } = downloader(fetch);
    await d.download('https://x.test/a.gif');
    expect(waits).toHaveLength(3);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(100 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(125 * 2 ** i);
    });
  });

  it('gives up after the retries, saying how many attempts it made', async () => {
    const { fetch } = scripted(response(500), response(500), response(500), response(500));
    const { d } = downloader(fetch);
    await expect(d.download('https://x.test/a.gif')).rejects.toMatchObject({ reason: 'HTTP 500 (after 4 attempts)' });
  });

  it.each([
    [404, 'HTTP 404'],
    [410, 'HTTP 410'],
    [403, 'HTTP 403'],
  ])('never retries %d', async (status, reason) => {
    const { fetch, urls } = scripted(response(status), response(200));
    const { d, waits } = downloader(fetch);
    await expect(d.download('https://x.test/a.gif')).rejects.toMatchObject({ reason, retryable: false });
    expect(urls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('follows redirects (relative ones too), but never to another scheme or forever', async () => {
    const { fetch, urls } = scripted(response(301, { location: '/moved/a.gif' }), response(302, { location: 'https://cdn.test/a.gif' }), response(200));
    const { d } = downloader(fetch);
    expect((await d.download('http://x.test/a.gif')).finalUrl).toBe('https://cdn.test/a.gif');
    expect(urls).toEqual(['http://x.test/a.gif', 'http://x.test/moved/a.gif', 'https://cdn.test/a.gif']);

    const toFile = downloader(scripted(response(302, { location: 'file:///etc/passwd' })).fetch).d;
    await expect(toFile.download('http://x.test/a.gif')).rejects.toMatchObject({ reason: 'redirected to a file: URL, which is not fetched' });
    const loop = downloader(scripted(...Array.from({ length: 7 }, () => response(302, { location: '/again' }))).fetch).d;
    await expect(loop.download('http://x.test/a.gif')).rejects.toMatchObject({ reason: 'more than 5 redirects' });
  });

  it('refuses a redirect to a private address (each hop goes through the guarded transport)', async () => {
    const guarded = createNodeFetch({ allowPrivateHosts: false });
    let calls = 0;
    const fetch: AssetFetch = (url, init) => (calls++ === 0 ? Promise.resolve(response(302, { location: 'http://169.254.169.254/latest/meta-data' })) : guarded.fetch(url, init));
    const { d } = downloader(fetch);
    await expect(d.download('https://cdn.test/a.gif')).rejects.toMatchObject({
      reason: 'refused: 169.254.169.254 is a private or loopback address (allow with --allow-private-hosts)',
      retryable: false,
    });
    guarded.close();
  });

  it('keeps to the per-host and global limits', async () => {
    let now = 0;
    let most = 0;
    const perHost = new Map<string, number>();
    let mostPerHost = 0;
    const fetch: AssetFetch = async (url) => {
      const host = new URL(url).host;
      now++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      most = Math.max(most, now);
      mostPerHost = Math.max(mostPerHost, perHost.get(host)!);
      await new Promise((resolve) => setTimeout(resolve, 2));
      now--;
      perHost.set(host, perHost.get(host)! - 1);
      return response(200);
    };
    const { d } = downloader(fetch, { concurrency: 6, perHost: 2 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => d.download(`https://h${i % 5}.test/${i}.gif`)));
    expect(most).toBe(6);
    expect(mostPerHost).toBe(2);
  });

  it('is a DownloadError that says whether to retry', () => {
    expect(new DownloadError('x', true)).toMatchObject({ reason: 'x', retryable: true, message: 'x' });
  });
});

describe('address guard', () => {
  it.each([
    ['8.8.8.8', true],
    ['142.250.74.46', true],
    ['2a00:1450:4001:82b::2001', true],
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a00:1', false],
    ['not-an-ip', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  const answering =
    (addresses: string[]): LookupFunction =>
    (_host, options, callback) => {
      if (options.all) callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
      else callback(null, addresses[0]!, 4);
    };
  const ask = (lookup: LookupFunction, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) => lookup('cdn.test', { all }, (error, address) => resolve({ error, address })));

  it('drops private answers and refuses a name with only private ones (DNS rebinding)', async () => {
    const mixed = guardedLookup(answering(['10.0.0.5', '93.184.216.34']));
    expect(await ask(mixed, true)).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    const rebound = guardedLookup(answering(['127.0.0.1']));
    expect((await ask(rebound, false)).error?.message).toBe('cdn.test resolves to 127.0.0.1, a private or loopback address (allow with --allow-private-hosts)');
    expect((await ask(rebound, true)).error?.message).toMatch(/resolves to 127\.0\.0\.1/);
    expect(await ask(guardedLookup(answering(['127.0.0.1']), true), false)).toEqual({ error: null, address: '127.0.0.1' });
  });
});
