import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { FaceError, type RealFace } from './face.ts';
import { normalizeFaceImage } from './normalize.ts';
import { listImageFiles, type ImageFile, type UnreadableEntry } from './walk.ts';

export type { RealFace } from './face.ts';

const FIX_HINT = 'Set FACES_DIR to a folder of PNG or JPEG faces, or run `npm run dataset`.';

/** Number of unreadable files the warning names; the rest are only counted. */
const SKIPPED_EXAMPLES = 5;

export interface LoadFacesOptions {
  /** Maximum number of images decoded at once. sharp decodes on the libuv thread pool. */
  concurrency?: number;
}

export interface LoadedFaces {
  /** Faces in depth-first order of sorted file names. */
  faces: RealFace[];
  /** Image files and folders that could not be read or decoded. */
  skipped: number;
}

async function assertFolder(dir: string): Promise<void> {
  const stats = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new FaceError('facesDirMissing', `Faces folder not found: ${dir}. ${FIX_HINT}`, dir);
    }
    throw new FaceError(
      'facesDirUnreadable',
      `Failed to read faces folder ${dir}: ${error.message}`,
      dir,
      { cause: error },
    );
  });
  if (!stats.isDirectory()) {
    throw new FaceError(
      'facesDirNotDirectory',
      `Faces folder is not a folder: ${dir}. ${FIX_HINT}`,
      dir,
    );
  }
}

/** Maps `items` through `task` with at most `limit` tasks running at once, keeping order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  // Workers share one iterator, so each item is taken exactly once.
  const queue = items.entries();
  async function work(): Promise<void> {
    for (const [index, item] of queue) results[index] = await task(item);
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}

async function loadFace(file: ImageFile): Promise<RealFace | UnreadableEntry> {
  try {
    const pixels = await normalizeFaceImage(file.absolutePath);
    return { sourcePath: file.absolutePath, relativePath: file.relativePath, pixels };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path: file.absolutePath, reason };
  }
}

/**
 * Loads every PNG and JPEG face below `dir` (recursively, following symbolic links) as
 * 64x64 RGB pixels. Files that cannot be decoded are skipped, counted and named in one
 * warning. Throws `FaceError` when the folder is missing, is not a folder, contains no images,
 * or contains no image that decodes.
 */
export async function loadFaceFolder(
  dir: string,
  logger: Logger,
  options: LoadFacesOptions = {},
): Promise<LoadedFaces> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const root = path.resolve(dir);
  await assertFolder(root);

  const startedAt = performance.now();
  const listing = await listImageFiles(root);
  if (listing.files.length === 0 && listing.unreadable.length === 0) {
    throw new FaceError('facesDirEmpty', `No PNG or JPEG files in ${root}. ${FIX_HINT}`, root);
  }

  const loaded = await mapConcurrently(listing.files, concurrency, loadFace);
  const faces: RealFace[] = [];
  const unreadable = [...listing.unreadable];
  for (const result of loaded) {
    if ('pixels' in result) faces.push(result);
    else unreadable.push(result);
  }

  if (unreadable.length > 0) {
    logger.warn(
      { dir: root, skipped: unreadable.length, examples: unreadable.slice(0, SKIPPED_EXAMPLES) },
      `Skipped ${unreadable.length} unreadable face files`,
    );
  }
  if (faces.length === 0) {
    throw new FaceError(
      'noReadableFaces',
      `None of the ${unreadable.length} image files in ${root} could be decoded. ${FIX_HINT}`,
      root,
    );
  }
  logger.info(
    {
      dir: root,
      faces: faces.length,
      skipped: unreadable.length,
      durationMs: Math.round(performance.now() - startedAt),
    },
    'Loaded real faces',
  );
  return { faces, skipped: unreadable.length };
}
