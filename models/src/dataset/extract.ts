import { open } from 'node:fs/promises';
import { DEFAULT_MAX_ENTRY_BYTES } from './entryPath.ts';
import { DatasetError } from './errors.ts';
import { extractTar } from './tarball.ts';
import { extractZip } from './zip.ts';

export type ArchiveFormat = 'zip' | 'tar.gz' | 'tar';

/** Numbers of image entries written and of other entries left out. */
export interface ExtractCounts {
  images: number;
  skipped: number;
}

export interface ExtractResult extends ExtractCounts {
  format: ArchiveFormat;
}

export interface ExtractOptions {
  /** Largest image entry to extract, in bytes; a larger one fails the extraction. */
  maxEntryBytes?: number;
}

/**
 * Extracts the JPEG and PNG entries of a zip, tar.gz or tar archive into `targetDir`, keeping
 * their folders. The format comes from the file's first bytes, because download URLs such as
 * Google Drive's carry no file name.
 */
export async function extractArchive(
  archivePath: string,
  targetDir: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const format = await detectArchiveFormat(archivePath);
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const counts =
    format === 'zip'
      ? await extractZip(archivePath, targetDir, maxEntryBytes)
      : await extractTar(archivePath, targetDir, maxEntryBytes);
  return { format, ...counts };
}

/** Reads the magic bytes of a file: `PK` for zip, 1f 8b for gzip, `ustar` at 257 for tar. */
export async function detectArchiveFormat(path: string): Promise<ArchiveFormat> {
  const head = Buffer.alloc(512);
  const handle = await open(path, 'r');
  let length: number;
  try {
    ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  if (length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (length >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip';
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';

  const text = head.toString('utf8', 0, Math.min(length, 64)).trimStart().toLowerCase();
  const looksLikeHtml = text.startsWith('<!doctype html') || text.startsWith('<html');
  throw new DatasetError(
    'unsupportedArchive',
    `${path} is not a zip, tar.gz or tar archive` +
      (looksLikeHtml ? ' but a web page: the server sent HTML instead of the file.' : '.') +
      ' Check that the source points at the archive itself.',
  );
}
