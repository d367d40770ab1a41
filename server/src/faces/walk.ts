import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const IMAGE_FILE_RE = /\.(?:png|jpe?g)$/i;

export interface ImageFile {
  absolutePath: string;
  /** Path below the root, with `/` separators on every platform. */
  relativePath: string;
}

/** A folder or image file that the listing could not read. */
export interface UnreadableEntry {
  path: string;
  reason: string;
}

export interface ImageFileListing {
  /** Image files in depth-first order of sorted names, each real file once. */
  files: ImageFile[];
  unreadable: UnreadableEntry[];
}

function byName(a: Dirent, b: Dirent): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Lists the PNG and JPEG files below `root`, following symbolic links. Each folder is read
 * once by its real path, so a link back up the tree ends the descent instead of looping, and a
 * file reached through two links is listed once, under the first path in sorted order.
 */
export async function listImageFiles(root: string): Promise<ImageFileListing> {
  const files: ImageFile[] = [];
  const unreadable: UnreadableEntry[] = [];
  const visitedDirs = new Set<string>();
  const listedFiles = new Set<string>();

  async function visit(dir: string, relativeDir: string): Promise<void> {
    let entries: Dirent[];
    let realDir: string;
    try {
      realDir = await realpath(dir);
      if (visitedDirs.has(realDir)) return;
      visitedDirs.add(realDir);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: dir, reason: reasonOf(error) });
      return;
    }

    for (const entry of entries.sort(byName)) {
      const absolutePath = path.join(dir, entry.name);
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      const isImageName = IMAGE_FILE_RE.test(entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let realPath = path.join(realDir, entry.name);

      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(absolutePath);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          realPath = await realpath(absolutePath);
        } catch (error) {
          if (isImageName) unreadable.push({ path: absolutePath, reason: reasonOf(error) });
          continue;
        }
      }

      if (isDirectory) {
        await visit(absolutePath, relativePath);
      } else if (isFile && isImageName && !listedFiles.has(realPath)) {
        listedFiles.add(realPath);
        files.push({ absolutePath, relativePath });
      }
    }
  }

  await visit(root, '');
  return { files, unreadable };
}
