/**
 * The transport downloads go through: one GET, no redirects followed (the downloader follows
 * them, checking each hop), the response body as a stream. The default is Node's http/https
 * with keep-alive and the address guard as the socket's DNS lookup; the library can inject any
 * function of the same shape (a WHATWG `fetch` fits), which is how tests reach a local server
 * under public host names without DNS.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refuseLiteral, type LookupFunction } from './guard.js';

export interface AssetResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The body; a WHATWG ReadableStream or any async iterable of bytes. */
  body: AsyncIterable<Uint8Array> | null;
}

export interface AssetRequestInit {
  signal: AbortSignal;
  headers: Record<string, string>;
  redirect: 'manual';
}

/** One GET. Must not follow redirects itself when it can help it (`redirect: 'manual'`). */
export type AssetFetch = (url: string, init: AssetRequestInit) => Promise<AssetResponse>;

export interface NodeFetchOptions {
  lookup?: LookupFunction;
  allowPrivateHosts: boolean;
}

/** A transport on node:http/https whose sockets only reach public addresses (unless allowed). */
export function createNodeFetch(options: NodeFetchOptions): { fetch: AssetFetch; close(): void } {
  const lookup = guardedLookup(options.lookup, options.allowPrivateHosts);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, lookup } as https.AgentOptions),
  };
  const fetch: AssetFetch = (url, init) =>
    new Promise<AssetResponse>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`only http(s) URLs are fetched, not ${target.protocol}`));
      const refused = refuseLiteral(target.hostname, options.allowPrivateHosts);
      if (refused) return reject(refused);
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        { method: 'GET', headers: init.headers, agent: agents[target.protocol], lookup, signal: init.signal },
        (response) => {
          resolve({
            status: response.statusCode ?? 0,
            headers: {
              get: (name) => {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            body: response,
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
  return {
    fetch,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
