/**
 * Downloading one URL politely and stubbornly: at most `concurrency` downloads at once and
 * `perHost` per host; an idle timeout per attempt; retries with exponential backoff on timeouts,
 * dropped connections, 429 and 5xx (honouring `Retry-After`, capped); no retry where another
 * attempt cannot help (404, 410, other 4xx, a refused address, a file over the size limit).
 * Redirects are followed here, each hop checked (http(s) only; the transport checks addresses).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { PrivateAddressError } from './guard.js';
import type { AssetFetch, AssetResponse } from './http.js';
import { formatBytes } from './size.js';

export interface DownloadPolicy {
  /** Downloads at once, all hosts together. */
  concurrency: number;
  /** Downloads at once from one host. */
  perHost: number;
  /** An attempt fails when no headers or bytes arrive for this long (ms). */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** First backoff delay (ms); doubled each retry, with up to 25 % jitter. */
  backoffMs: number;
  /** No wait (backoff or Retry-After) is longer than this (ms). */
  maxDelayMs: number;
  /** Bodies larger than this are aborted. */
  maxBytes: number;
}

export interface Downloaded {
  bytes: Uint8Array;
  contentType: string | null;
  /** The URL the bytes came from, after redirects. */
  finalUrl: string;
  attempts: number;
}

/** A download that failed for good; `reason` is one line for the report. */
export class DownloadError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    /** Wait asked for by the server (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}

const MAX_REDIRECTS = 5;
/** Connection-level failures another attempt may get past. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);
// Accept anything, as curl does: image CDNs (Google's among them) may answer an Accept header that
// names WebP or AVIF with a re-encoded copy instead of the file the author uploaded.
const HEADERS = { 'user-agent': 'blogport (blog archive migration)', accept: '*/*' };

export class Downloader {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();
  /** Requests started (every attempt and redirect hop), for the report. */
  requests = 0;

  constructor(
    private readonly fetch: AssetFetch,
    private readonly policy: DownloadPolicy,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.global = pLimit(policy.concurrency);
  }

  /** The bytes at `url`, or a DownloadError saying why not. */
  async download(url: string): Promise<Downloaded> {
    const host = hostOf(url);
    let limit = this.hosts.get(host);
    if (!limit) this.hosts.set(host, (limit = pLimit(this.policy.perHost)));
    for (let attempt = 0; ; attempt++) {
      try {
        // The host's slot first, then a global one: a download waiting for a busy host holds no
        // global slot that another host could use.
        const result = await limit(() => this.global(() => this.attempt(url)));
        return { ...result, attempts: attempt + 1 };
      } catch (error) {
        const failure = asDownloadError(error);
        if (!failure.retryable || attempt >= this.policy.retries) {
          throw attempt > 0 ? new DownloadError(`${failure.reason} (after ${attempt + 1} attempts)`, false) : failure;
        }
        // Waiting holds no slot.
        await this.sleep(this.delay(attempt, failure.retryAfterMs));
      }
    }
  }

  private delay(attempt: number, retryAfterMs: number | undefined): number {
    const backoff = this.policy.backoffMs * 2 ** attempt * (1 + Math.random() * 0.25);
    return Math.min(retryAfterMs ?? backoff, this.policy.maxDelayMs);
  }

  /** One attempt, following redirects, with the idle timeout and the size limit. */
  private async attempt(url: string): Promise<Omit<Downloaded, 'attempts'>> {
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.policy.timeoutMs);
    };
    try {
      let current = url;
      for (let hop = 0; ; hop++) {
        arm();
        this.requests++;
        let response: AssetResponse;
        try {
          response = await this.fetch(current, { signal: controller.signal, headers: HEADERS, redirect: 'manual' });
        } catch (error) {
          if (timedOut) throw new DownloadError(`no response within ${seconds(this.policy.timeoutMs)}`, true);
          throw error;
        }
        if (response.status >= 300 && response.status < 400 && response.status !== 304) {
          await discard(response);
          const location = response.headers.get('location');
          if (!location) throw new DownloadError(`HTTP ${response.status} without a Location`, false);
          if (hop >= MAX_REDIRECTS) throw new DownloadError(`more than ${MAX_REDIRECTS} redirects`, false);
          const next = new URL(location, current);
          if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new DownloadError(`redirected to a ${next.protocol} URL, which is not fetched`, false);
          current = next.href;
          continue;
        }
        if (response.status < 200 || response.status >= 300) {
          await discard(response);
          throw statusError(response, this.policy);
        }
        const declared = Number(response.headers.get('content-length') ?? Number.NaN);
        if (declared > this.policy.maxBytes) {
          await discard(response);
          throw new DownloadError(`larger than the ${formatBytes(this.policy.maxBytes)} limit (${formatBytes(declared)})`, false);
        }
        const bytes = await this.readBody(response, controller, arm, () => timedOut);
        return { bytes, contentType: response.headers.get('content-type'), finalUrl: current };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async readBody(response: AssetResponse, controller: AbortController, arm: () => void, timedOut: () => boolean): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.length;
        if (size > this.policy.maxBytes) {
          controller.abort();
          throw new DownloadError(`larger than the ${formatBytes(this.policy.maxBytes)} limit (stopped at ${formatBytes(size)})`, false);
        }
        parts.push(chunk);
        arm();
      }
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      if (timedOut()) throw new DownloadError(`the download stalled for ${seconds(this.policy.timeoutMs)}`, true);
      throw error;
    }
    return Buffer.concat(parts, size);
  }
}

function statusError(response: AssetResponse, policy: DownloadPolicy): DownloadError {
  const status = response.status;
  const reason = `HTTP ${status}`;
  if (status === 429 || status === 408 || status >= 500) {
    return new DownloadError(reason, true, retryAfter(response.headers.get('retry-after'), policy.maxDelayMs));
  }
  return new DownloadError(reason, false);
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, in ms from now (capped). */
export function retryAfter(value: string | null, capMs: number, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), capMs);
}

/** Any error from an attempt, as a DownloadError saying whether to try again. */
function asDownloadError(error: unknown): DownloadError {
  if (error instanceof DownloadError) return error;
  if (error instanceof PrivateAddressError) return new DownloadError(`refused: ${error.message}`, false);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof PrivateAddressError) return new DownloadError(`refused: ${cause.message}`, false);
  const code = errorCode(error);
  const message = (error as Error)?.message ?? String(error);
  if (code === 'EPRIVATEADDRESS') return new DownloadError(`refused: ${message}`, false);
  if (code && TRANSIENT_CODES.has(code)) return new DownloadError(`connection failed (${code})`, true);
  if (code === 'ENOTFOUND') return new DownloadError('the host name does not resolve (ENOTFOUND)', false);
  if (code === 'ECONNREFUSED') return new DownloadError('connection refused (ECONNREFUSED)', false);
  if (/socket hang up|aborted|terminated|other side closed/i.test(message)) return new DownloadError(`connection dropped (${message})`, true);
  if (code) return new DownloadError(`${message} (${code})`, false);
  return new DownloadError(message, false);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Read a little of a body nobody wants, so a keep-alive connection can be reused; drop the rest. */
async function discard(response: AssetResponse): Promise<void> {
  let read = 0;
  try {
    // Leaving the loop early destroys the stream (and its connection).
    for await (const chunk of response.body ?? []) if ((read += chunk.length) > 64 * 1024) break;
  } catch {
    // The status already says what happened.
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;
