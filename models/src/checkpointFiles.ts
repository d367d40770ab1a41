import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { CheckpointError } from './checkpointError.ts';

/**
 * Writes each file to a temporary sibling, flushes it to disk, then renames the temporaries
 * over the targets in the order given.
 *
 * Each rename is atomic, so a reader never reads a half-written file. The set as a whole is not
 * atomic. A load that runs between two renames reads new and old files together, which is why
 * checkpoints carry a content hash that the loader checks.
 */
export async function writeFilesAtomically(
  dir: string,
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const staged = files.map((file) => ({
    target: join(dir, file.name),
    temporary: join(dir, `.${file.name}${suffix}`),
    bytes: file.bytes,
  }));

  try {
    for (const file of staged) {
      await writeAndFlush(file.temporary, file.bytes);
    }
    for (const file of staged) {
      await rename(file.temporary, file.target);
    }
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temporary, { force: true })));
    throw error;
  }
  await flushDirectory(dir);
}

async function writeAndFlush(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function flushDirectory(dir: string): Promise<void> {
  // Makes the renames themselves durable. Some file systems cannot fsync a directory.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // The renames have happened. Only their durability across a crash is weaker.
  } finally {
    await handle.close();
  }
}

/** Reads one checkpoint file, mapping an absent file or directory to a 'missing' error. */
export async function readCheckpointFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CheckpointError(
        'missing',
        path,
        `Checkpoint file ${basename(path)} not found in ${dirname(path)}`,
        {
          cause: error,
        },
      );
    }
    if (code === 'EISDIR') {
      throw new CheckpointError('corrupt', path, `${path} is a directory, expected a file`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Parses a JSON file's bytes, mapping a syntax error to a 'corrupt' error naming the file. */
export function parseJsonFile(path: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError('corrupt', path, `${path} is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}
