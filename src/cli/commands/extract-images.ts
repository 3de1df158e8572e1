import { dirname, join, resolve } from 'node:path';
import { MigrateError } from '../../errors.js';
import { removeStaleParts } from '../../files/image-file.js';
import { isAllowedImageUrl } from '../../vtex/hosts.js';
import { ImageDownloader } from '../../vtex/image-download.js';
import type { Pacer } from '../../vtex/pacing.js';
import type { RetrySettings } from '../../vtex/retry-policy.js';
import type { CommandContext } from '../command.js';

export interface ImageRunSettings {
  file: string;
  imagesDir: string | undefined;
  account: string;
  pacer: Pacer;
  retry: RetrySettings;
  signal: AbortSignal;
  dryRun: boolean;
  /** The --base-url in force (flag, env or profile): its loopback origin may serve images. */
  baseUrl: string | undefined;
}

/** The downloader of `extract images`: into --images-dir, or images/ next to the staging file (output/<account>/images). */
export function openImageDownloader(settings: ImageRunSettings, context: CommandContext): ImageDownloader {
  if (settings.imagesDir !== undefined && settings.imagesDir.trim() === '') {
    throw new MigrateError('USAGE', '--images-dir is empty.', { hint: 'Give a folder, e.g. --images-dir output/acme/images.' });
  }
  const dir = resolve(context.config.cwd, settings.imagesDir ?? join(dirname(settings.file), 'images'));
  if (!settings.dryRun) removeStaleParts(dir);
  const { baseUrl } = settings;
  return new ImageDownloader({
    dir, pacer: settings.pacer, retry: settings.retry, signal: settings.signal,
    allow: (url) => isAllowedImageUrl(url, settings.account, baseUrl),
  });
}

export function priceNotFoundFlag(value: string | undefined): 'no-price' | 'error' | undefined {
  if (value === undefined || value === 'no-price' || value === 'error') return value;
  throw new MigrateError('USAGE', `--price-404 "${value}" is not no-price or error.`, { hint: 'Use --price-404 no-price (the default) or --price-404 error.' });
}
