import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { checkEntrySize, isImagePath, safeEntryPath } from './entryPath.ts';
import { DatasetError, isDatasetError } from './errors.ts';
import type { ExtractCounts } from './extract.ts';

const FILE_TYPE_MASK = 0o170000;
const SYMLINK_TYPE = 0o120000;

/** Messages of yauzl 3.x for the entry names that it rejects itself. */
const YAUZL_UNSAFE_NAME_RE =
  /^(absolute path|invalid relative path|invalid characters in fileName)/;

/** Extracts the image entries of a zip archive into `targetDir`, which must be empty. */
export async function extractZip(
  archivePath: string,
  targetDir: string,
  maxEntryBytes: number,
): Promise<ExtractCounts> {
  const counts: ExtractCounts = { images: 0, skipped: 0 };
  try {
    const zip = await yauzl.openPromise(archivePath, { lazyEntries: true, autoClose: true });
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const path = safeEntryPath(entry.fileName);
      // Unix zip tools keep the file type in the upper 16 bits of the external attributes.
      if (((entry.externalFileAttributes >>> 16) & FILE_TYPE_MASK) === SYMLINK_TYPE) {
        throw new DatasetError(
          'unsafeEntry',
          `The archive contains a symbolic link "${entry.fileName}"; links are not extracted ` +
            'because they can point outside the images folder.',
        );
      }
      if (!isImagePath(path)) {
        counts.skipped++;
        continue;
      }
      // yauzl checks while reading that the data matches this declared size.
      checkEntrySize(entry.fileName, entry.uncompressedSize, maxEntryBytes);
      const target = join(targetDir, path);
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
      counts.images++;
    }
  } catch (error) {
    throw zipFailure(error, archivePath);
  }
  return counts;
}

function zipFailure(error: unknown, archivePath: string): Error {
  if (isDatasetError(error)) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  if (YAUZL_UNSAFE_NAME_RE.test(error.message)) {
    return new DatasetError(
      'unsafeEntry',
      `The archive contains an unsafe entry (${error.message}); nothing was extracted into ` +
        'the images folder. Check where the archive came from.',
      { cause: error },
    );
  }
  if (typeof (error as NodeJS.ErrnoException).syscall === 'string') return error;
  return new DatasetError(
    'corruptArchive',
    `Could not read the zip archive ${archivePath}: ${error.message}.`,
    { cause: error },
  );
}
