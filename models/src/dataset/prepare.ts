import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSha256, sha256File } from './checksum.ts';
import { downloadFile } from './download.ts';
import { DatasetError, isDatasetError } from './errors.ts';
import { extractArchive } from './extract.ts';
import { acquireLock } from './lock.ts';
import { MANIFEST_FILE, readManifest, writeManifest, type DatasetManifest } from './manifest.ts';
import { partPaths, removePart } from './partState.ts';
import { silentProgress, type ProgressSink } from './progress.ts';
import { describeUrl } from './request.ts';
import { authorizationFor, type DatasetSource } from './sources.ts';

export const IMAGES_DIR = 'images';
export const DOWNLOAD_DIR = '.download';

export interface PrepareOptions {
  dest: string;
  source: DatasetSource;
  /** Expected SHA-256 of the archive; overrides the digest pinned in the source table. */
  sha256?: string | null;
  /** Download and extract again even when `dest` already contains a prepared dataset. */
  force?: boolean;
  /** Environment with the credentials of the sources that need them. */
  env?: NodeJS.ProcessEnv;
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  progress?: ProgressSink;
  log?: (message: string) => void;
  now?: () => Date;
}

export interface PrepareResult {
  /** `alreadyPrepared` when `dest` held this dataset and nothing was done. */
  status: 'prepared' | 'alreadyPrepared';
  manifest: DatasetManifest;
  /** Whether the digest was compared with an expected one, or only computed. */
  verified: boolean;
}

/**
 * Downloads (or reads) the source's archive, checks its SHA-256, and extracts its images into
 * `<dest>/images`, replacing that folder only once the new one is complete. A failure at any
 * step leaves the images and `dataset.json` that were there before untouched.
 */
export async function prepareDataset(options: PrepareOptions): Promise<PrepareResult> {
  const log = options.log ?? (() => {});
  const expected = options.sha256 ? parseSha256(options.sha256) : options.source.sha256;
  const downloadDir = join(options.dest, DOWNLOAD_DIR);
  await mkdir(downloadDir, { recursive: true });
  const releaseLock = await acquireLock(downloadDir);

  try {
    const existing = options.force
      ? null
      : await existingDataset(options.dest, options.source, expected);
    if (existing !== null) {
      return { status: 'alreadyPrepared', manifest: existing, verified: expected !== null };
    }
    await removeStaleStaging(downloadDir);

    const parts = partPaths(downloadDir, options.source.name);
    if (options.force) await removePart(parts);
    const archive = await obtainArchive(options, downloadDir, log);

    log('Computing the SHA-256 of the archive.');
    const digest = await sha256File(archive.path);
    if (expected !== null && digest !== expected) {
      if (archive.downloaded) await removePart(parts);
      throw new DatasetError(
        'checksumMismatch',
        `The SHA-256 of the archive is ${digest}, but ${expected} was expected. ` +
          (archive.downloaded
            ? 'The downloaded file was deleted, so the next run downloads it again. '
            : '') +
          `Nothing in ${options.dest} was changed.`,
      );
    }
    if (expected === null) {
      log(`SHA-256 of the archive: ${digest}. Pass --sha256 ${digest} to pin it.`);
    }

    const staging = join(downloadDir, `staging-${process.pid}`);
    await mkdir(staging);
    log(`Extracting ${archive.path}.`);
    const extracted = await extractArchive(archive.path, staging).catch(async (error) => {
      await rm(staging, { recursive: true, force: true });
      if (!isDatasetError(error) || !archive.downloaded) throw error;
      // A damaged file would otherwise be found complete, and fail again, on every rerun.
      await removePart(parts);
      throw new DatasetError(
        error.code,
        `${error.message} The downloaded file was deleted, so the next run downloads it again.`,
        { cause: error },
      );
    });
    if (extracted.images === 0) {
      await rm(staging, { recursive: true, force: true });
      throw new DatasetError(
        'noImages',
        `The archive has no .jpg, .jpeg or .png files (${extracted.skipped} other entries). ` +
          `Nothing in ${options.dest} was changed.`,
      );
    }

    const manifest: DatasetManifest = {
      source: options.source.name,
      description: options.source.description,
      url: options.source.url,
      file: options.source.file,
      sha256: digest,
      archiveBytes: (await stat(archive.path)).size,
      format: extracted.format,
      imageCount: extracted.images,
      skippedEntries: extracted.skipped,
      preparedAt: (options.now ?? (() => new Date()))().toISOString(),
    };
    await replaceImages(options.dest, staging, downloadDir);
    await writeManifest(options.dest, manifest);
    if (archive.downloaded) await removePart(parts);
    return { status: 'prepared', manifest, verified: expected !== null };
  } finally {
    await releaseLock();
    // Leaves the folder in place while it still contains a partial download.
    await rmdir(downloadDir).catch(() => {});
  }
}

/**
 * Returns the manifest when `dest` already contains this source's dataset. Raises when it
 * contains anything else, so that another dataset or a user's own images are replaced only
 * with --force.
 */
async function existingDataset(
  dest: string,
  source: DatasetSource,
  expected: string | null,
): Promise<DatasetManifest | null> {
  const manifest = await readManifest(dest);
  const hasImages = await isDirectory(join(dest, IMAGES_DIR));
  if (manifest === null) {
    if (!hasImages) return null;
    throw new DatasetError(
      'destinationInUse',
      `${join(dest, IMAGES_DIR)} exists but ${MANIFEST_FILE} does not, so it was not made by ` +
        'this tool. Pass --force to replace it, or choose another --dest.',
    );
  }
  if (!hasImages) return null;
  const sameSource = manifest.url === source.url && manifest.file === source.file;
  const sameDigest = expected === null || manifest.sha256 === expected;
  if (sameSource && sameDigest) return manifest;
  throw new DatasetError(
    'destinationInUse',
    `${dest} already contains ${manifest.imageCount} images from ${manifest.source} ` +
      `(SHA-256 ${manifest.sha256}). Pass --force to replace them with ${source.name}` +
      (sameDigest ? '' : ` (expected SHA-256 ${expected})`) +
      ', or choose another --dest.',
  );
}

interface Archive {
  path: string;
  /** Whether the file is this tool's download, which may be deleted, or the user's own file. */
  downloaded: boolean;
}

async function obtainArchive(
  options: PrepareOptions,
  downloadDir: string,
  log: (message: string) => void,
): Promise<Archive> {
  const { source } = options;
  if (source.file !== null) return { path: source.file, downloaded: false };
  if (source.url === null) {
    throw new DatasetError('invalidArgument', `Source "${source.name}" has no URL and no file.`);
  }
  log(`Downloading ${describeUrl(source.url)} (${source.description}).`);
  const result = await downloadFile({
    url: source.url,
    downloadDir,
    name: source.name,
    authorization: authorizationFor(source, options.env),
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 2000,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRedirects: options.maxRedirects ?? 10,
    progress: options.progress ?? silentProgress,
    log,
  });
  if (result.resumedFromBytes > 0) log(`Resumed at byte ${result.resumedFromBytes}.`);
  return { path: result.path, downloaded: true };
}

/**
 * Swaps the complete staging folder in for `<dest>/images` with renames, and puts the old
 * folder back if the swap fails halfway.
 */
async function replaceImages(dest: string, staging: string, downloadDir: string): Promise<void> {
  const images = join(dest, IMAGES_DIR);
  const previous = join(downloadDir, `previous-${process.pid}`);
  const hadImages = await isDirectory(images);
  if (hadImages) await rename(images, previous);
  try {
    await rename(staging, images);
  } catch (error) {
    if (hadImages) await rename(previous, images);
    throw error;
  }
  if (hadImages) await rm(previous, { recursive: true, force: true });
}

/** Removes folders that a run killed during extraction or replacement left behind. */
async function removeStaleStaging(downloadDir: string): Promise<void> {
  for (const name of await readdir(downloadDir)) {
    if (name.startsWith('staging-') || name.startsWith('previous-')) {
      await rm(join(downloadDir, name), { recursive: true, force: true });
    }
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
