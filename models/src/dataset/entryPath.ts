import { DatasetError } from './errors.ts';

const IMAGE_EXTENSION_RE = /\.(jpe?g|png)$/i;

/**
 * Checks an archive entry name and returns it as a relative POSIX path. Absolute paths,
 * drive letters, NUL bytes and `..` parts are rejected, because extracting them could write
 * outside the target folder ("zip slip"). Backslashes count as separators for this check.
 */
export function safeEntryPath(name: string): string {
  const unsafe = (reason: string): DatasetError =>
    new DatasetError(
      'unsafeEntry',
      `The archive contains an unsafe entry "${name}" (${reason}); nothing was extracted ` +
        'into the images folder. Check where the archive came from.',
    );
  if (name.includes('\0')) throw unsafe('NUL byte in the name');
  if (/^([a-zA-Z]:|[/\\])/.test(name)) throw unsafe('absolute path');
  const parts = name.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw unsafe('path goes up with ..');
  if (parts.length === 0) throw unsafe('empty path');
  return parts.join('/');
}

/**
 * Largest image entry that is extracted: 64 MiB. The faces are about 100x100 pixels, so a far
 * larger entry is a decompression bomb or a wrong archive, and would only fill the disk.
 */
export const DEFAULT_MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Raises when an image entry is larger than `maxBytes`. */
export function checkEntrySize(name: string, bytes: number, maxBytes: number): void {
  if (bytes <= maxBytes) return;
  throw new DatasetError(
    'unsafeEntry',
    `The archive entry "${name}" is ${bytes} bytes, over the limit of ${maxBytes} bytes for ` +
      'one image; nothing was extracted into the images folder. Check the archive.',
  );
}

/**
 * Returns true when an entry is a face image to keep: a .jpg, .jpeg or .png that is not one of the
 * `._name` resource-fork files or `__MACOSX/` copies that macOS adds to archives.
 */
export function isImagePath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (parts.includes('__MACOSX') || base.startsWith('._')) return false;
  return IMAGE_EXTENSION_RE.test(base);
}
