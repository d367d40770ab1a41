import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './errors.ts';

/**
 * Takes `<dir>/lock` so that two runs never write the same partial file. A lock left by a
 * process that no longer exists is taken over. Returns the function that releases it.
 */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new DatasetError(
        'busy',
        `Another run (process ${owner}) is preparing this folder; wait for it to finish, ` +
          `or delete ${path} if that process is not this tool.`,
      );
    }
    await rm(path, { force: true });
  }
  throw new DatasetError('busy', `Could not take the lock ${path}; run the command again.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
