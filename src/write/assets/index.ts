/**
 * The asset step as `convert` uses it: options checked and turned into a download policy, then
 * the step (see assetStep.ts) opened on the output folder.
 */
import type { Layout } from '../../layouts/layout.js';
import { BlogportError } from '../../model/errors.js';
import type { ConvertOptions } from '../../options.js';
import type { OutputFolder } from '../outputFolder.js';
import { AssetStep } from './assetStep.js';
import type { DownloadPolicy } from './download.js';
import { checkAssetsDir } from './names.js';
import { parseSize } from './size.js';

export { AssetStep } from './assetStep.js';

/** At most this many downloads from one host at once, unless the library says otherwise. */
const PER_HOST = 4;
const BACKOFF_MS = 500;
const MAX_RETRY_DELAY_MS = 30_000;

/** Refuse asset options that cannot work, before anything is read or written. */
export function checkAssetOptions(options: ConvertOptions): { maxBytes: number; assetsDir?: string } {
  const maxBytes = parseSize(options.maxAssetSize);
  if (maxBytes === undefined) {
    throw new BlogportError('BAD_OPTION', `--max-asset-size ${String(options.maxAssetSize)} is not a size`, undefined, 'e.g. 500KB, 50MB or 1GB');
  }
  return { maxBytes, assetsDir: checkAssetsDir(options.assetsDir) };
}

export async function openAssetStep(folder: OutputFolder, layout: Layout, options: ConvertOptions): Promise<AssetStep> {
  const { maxBytes, assetsDir } = checkAssetOptions(options);
  const network = options.assetNetwork ?? {};
  const policy: DownloadPolicy = {
    concurrency: options.concurrency,
    perHost: Math.max(1, Math.min(network.perHost ?? PER_HOST, options.concurrency)),
    timeoutMs: options.assetTimeout * 1000,
    retries: options.retries,
    backoffMs: network.backoffMs ?? BACKOFF_MS,
    maxDelayMs: network.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS,
    maxBytes,
  };
  return AssetStep.open(folder, {
    layout,
    bundle: options.bundle,
    assetsDir,
    dryRun: options.dryRun,
    allowPrivateHosts: options.allowPrivateHosts,
    policy,
    fetch: network.fetch,
    lookup: network.lookup,
  });
}
