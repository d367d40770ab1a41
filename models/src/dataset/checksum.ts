import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DatasetError } from './errors.ts';

const SHA256_HEX_RE = /^[0-9a-f]{64}$/;

/** Computes the lowercase hex SHA-256 of a file by streaming it. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Normalizes a digest given by a user to lowercase hex, rejecting anything else. */
export function parseSha256(value: string): string {
  const digest = value.trim().toLowerCase();
  if (!SHA256_HEX_RE.test(digest)) {
    throw new DatasetError(
      'invalidArgument',
      `Invalid --sha256 "${value}": expected 64 hexadecimal characters.`,
    );
  }
  return digest;
}
