import { extract, type ReadEntry } from 'tar';
import { checkEntrySize, isImagePath, safeEntryPath } from './entryPath.ts';
import { DatasetError, isDatasetError } from './errors.ts';
import type { ExtractCounts } from './extract.ts';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_TYPES = new Set(['SymbolicLink', 'Link']);

/** Extracts the image entries of a tar or tar.gz archive into `targetDir`, which must be empty. */
export async function extractTar(
  archivePath: string,
  targetDir: string,
  maxEntryBytes: number,
): Promise<ExtractCounts> {
  const counts: ExtractCounts = { images: 0, skipped: 0 };
  const keep = (path: string, entry: ReadEntry): boolean => {
    if (LINK_TYPES.has(entry.type)) {
      throw new DatasetError(
        'unsafeEntry',
        `The archive contains a ${entry.type === 'Link' ? 'hard' : 'symbolic'} link "${path}"; ` +
          'links are not extracted because they can point outside the images folder.',
      );
    }
    if (entry.type === 'Directory') return false;
    const relative = safeEntryPath(path);
    if (FILE_TYPES.has(entry.type) && isImagePath(relative)) {
      checkEntrySize(path, entry.size, maxEntryBytes);
      counts.images++;
      return true;
    }
    counts.skipped++;
    return false;
  };

  try {
    await extract({
      file: archivePath,
      cwd: targetDir,
      filter: keep,
      // Any warning (a path tar rewrote, a failed write) fails the run instead of leaving a
      // partial folder that looks complete.
      strict: true,
      preserveOwner: false,
      noMtime: true,
    });
  } catch (error) {
    throw tarFailure(error, archivePath);
  }
  return counts;
}

function tarFailure(error: unknown, archivePath: string): Error {
  if (isDatasetError(error)) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const tarCode = (error as { tarCode?: unknown }).tarCode;
  if (typeof tarCode !== 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
    return error;
  }
  return new DatasetError(
    'corruptArchive',
    `Could not read the tar archive ${archivePath}: ${error.message}.`,
    { cause: error },
  );
}
