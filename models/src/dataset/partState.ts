import { readFile, rm, stat, writeFile } from 'node:fs/promises';

/** Sidecar JSON next to a `.part` file, with what a later run needs to resume safely. */
export interface PartState {
  url: string;
  /** Size of the complete file as the server reported it, or null when it did not. */
  totalBytes: number | null;
  etag: string | null;
  lastModified: string | null;
}

/** Paths of a partial download and of its sidecar. */
export interface PartPaths {
  part: string;
  sidecar: string;
}

/** Names the partial download of source `name` inside `downloadDir`. */
export function partPaths(downloadDir: string, name: string): PartPaths {
  return { part: `${downloadDir}/${name}.part`, sidecar: `${downloadDir}/${name}.json` };
}

/** Reads the sidecar; a missing or unreadable one means there is nothing to resume. */
export async function readPartState(path: string): Promise<PartState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isPartState(value) ? value : null;
  } catch {
    return null;
  }
}

export async function writePartState(path: string, state: PartState): Promise<void> {
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** Size of the partial file, 0 when it does not exist. */
export async function partSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function removePart(paths: PartPaths): Promise<void> {
  await rm(paths.part, { force: true });
  await rm(paths.sidecar, { force: true });
}

/**
 * Picks the validator to send in If-Range: a strong ETag, else Last-Modified. A weak ETag
 * (`W/"..."`) must not be sent in If-Range (RFC 7233, section 3.2).
 */
export function rangeValidator(state: PartState): string | null {
  if (state.etag !== null && !state.etag.startsWith('W/')) return state.etag;
  return state.lastModified;
}

function isPartState(value: unknown): value is PartState {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.url === 'string' &&
    (record.totalBytes === null || Number.isSafeInteger(record.totalBytes)) &&
    (record.etag === null || typeof record.etag === 'string') &&
    (record.lastModified === null || typeof record.lastModified === 'string')
  );
}
