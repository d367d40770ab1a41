import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './errors.ts';
import type { ArchiveFormat } from './extract.ts';

/** Contents of `<dest>/dataset.json`: what was prepared, from where, and when. */
export interface DatasetManifest {
  source: string;
  description: string;
  url: string | null;
  file: string | null;
  sha256: string;
  archiveBytes: number;
  format: ArchiveFormat;
  /** Images written under `<dest>/images`. */
  imageCount: number;
  /** Archive entries left out because they are not .jpg, .jpeg or .png files. */
  skippedEntries: number;
  /** ISO 8601 time at which the images folder was put in place. */
  preparedAt: string;
}

export const MANIFEST_FILE = 'dataset.json';

/** Reads `<dest>/dataset.json`, or null when there is none. A damaged one is an error. */
export async function readManifest(dest: string): Promise<DatasetManifest | null> {
  const path = join(dest, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(path, 'it is not valid JSON', error);
  }
  if (!isManifest(value)) throw damaged(path, 'fields are missing or of the wrong type');
  return value;
}

/** Writes the manifest through a temporary file, so a crash never leaves half a file. */
export async function writeManifest(dest: string, manifest: DatasetManifest): Promise<void> {
  const path = join(dest, MANIFEST_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path);
}

function damaged(path: string, reason: string, cause?: unknown): DatasetError {
  return new DatasetError(
    'destinationInUse',
    `${path} is damaged (${reason}). Delete it, or pass --force to prepare the dataset again.`,
    { cause },
  );
}

function isManifest(value: unknown): value is DatasetManifest {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const nullableString = (key: string): boolean =>
    record[key] === null || typeof record[key] === 'string';
  return (
    typeof record.source === 'string' &&
    typeof record.description === 'string' &&
    nullableString('url') &&
    nullableString('file') &&
    typeof record.sha256 === 'string' &&
    Number.isSafeInteger(record.archiveBytes) &&
    (record.format === 'zip' || record.format === 'tar.gz' || record.format === 'tar') &&
    Number.isSafeInteger(record.imageCount) &&
    Number.isSafeInteger(record.skippedEntries) &&
    typeof record.preparedAt === 'string'
  );
}
