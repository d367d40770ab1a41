import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from './errors.ts';

/** Authentication a source needs: none, or a Kaggle API token sent as HTTP Basic. */
export type SourceAuth = 'none' | 'kaggle';

/** Origin of an archive of faces, and what is known about it in advance. */
export interface DatasetSource {
  /** Name in the table below, or a name derived from the URL or file given instead. */
  name: string;
  description: string;
  /** Download URL; null when the archive is a local file. */
  url: string | null;
  /** Path of an archive already on disk; null when it is downloaded. */
  file: string | null;
  /** Pinned lowercase hex SHA-256 of the archive, when one is known. */
  sha256: string | null;
  /** Approximate number of faces in the archive, for the help text. */
  approxFaces: number | null;
  auth: SourceAuth;
}

const GOOGLE_DRIVE_FILE_ID = '1HG7YnakUkjaxtNMclbl2t5sJwGLcHYsI';

/**
 * Named sources. No SHA-256 is pinned, because none is published for any of them. The tool
 * prints the digest it computes, so that a user can pin it with --sha256.
 */
export const NAMED_SOURCES: readonly DatasetSource[] = [
  {
    name: 'anime-face-dataset',
    // The release that github.com/bchao1/Anime-Face-Dataset links to.
    description: 'Anime Face Dataset by Brian Chao, original release (.tgz on Google Drive)',
    // NOTE: Google Drive returns a virus-scan page for a large file's plain link. This form of
    // the link skips that page for public files, but Google may change it or throttle the file.
    url:
      'https://drive.usercontent.google.com/download' +
      `?id=${GOOGLE_DRIVE_FILE_ID}&export=download&confirm=t`,
    file: null,
    sha256: null,
    approxFaces: 63_632,
    auth: 'none',
  },
  {
    name: 'kaggle-animefacedataset',
    description: 'Kaggle copy splcher/animefacedataset (.zip); needs a Kaggle API token',
    url: 'https://www.kaggle.com/api/v1/datasets/download/splcher/animefacedataset',
    file: null,
    sha256: null,
    approxFaces: 63_600,
    auth: 'kaggle',
  },
  {
    name: 'kaggle-anime-faces',
    description:
      'Kaggle soumikrakshit/anime-faces, a 64x64 subset (.zip); needs a Kaggle API token',
    url: 'https://www.kaggle.com/api/v1/datasets/download/soumikrakshit/anime-faces',
    file: null,
    sha256: null,
    approxFaces: 21_551,
    auth: 'kaggle',
  },
];

export const DEFAULT_SOURCE_NAME = 'anime-face-dataset';

const HTTP_URL_RE = /^https?:\/\//i;

/**
 * Resolves the --source value (or DATASET_URL when it is absent) to a source: a name from
 * the table, an http(s) URL, or the path or file: URL of an archive already on disk.
 */
export function resolveSource(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  table: readonly DatasetSource[] = NAMED_SOURCES,
): DatasetSource {
  const requested = value ?? nonEmpty(env.DATASET_URL) ?? DEFAULT_SOURCE_NAME;
  const named = table.find((source) => source.name === requested);
  if (named) return named;

  if (HTTP_URL_RE.test(requested)) return urlSource(requested);
  const path = requested.startsWith('file:') ? fileURLToPath(requested) : resolve(requested);
  if (existsSync(path)) return fileSource(path);

  const names = table.map((source) => source.name).join(', ');
  throw new DatasetError(
    'unknownSource',
    `Unknown source "${requested}": it is not one of ${names}, not an http(s) URL, ` +
      'and no file exists at that path. Run with --help to list the sources.',
  );
}

function urlSource(url: string): DatasetSource {
  try {
    new URL(url);
  } catch (error) {
    throw new DatasetError('invalidArgument', `Invalid source URL "${url}".`, { cause: error });
  }
  return {
    name: `url-${shortHash(url)}`,
    description: 'archive given by URL',
    url,
    file: null,
    sha256: null,
    approxFaces: null,
    auth: 'none',
  };
}

function fileSource(path: string): DatasetSource {
  return {
    name: `file-${shortHash(path)}`,
    description: 'local archive',
    url: null,
    file: path,
    sha256: null,
    approxFaces: null,
    auth: 'none',
  };
}

/**
 * Builds the Authorization header value a source needs, or null when it needs none. The Kaggle
 * API takes the `username` and `key` of an API token (kaggle.json) as HTTP Basic credentials.
 */
export function authorizationFor(
  source: DatasetSource,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (source.auth === 'none') return null;
  const username = nonEmpty(env.KAGGLE_USERNAME);
  const key = nonEmpty(env.KAGGLE_KEY);
  if (!username || !key) {
    throw new DatasetError(
      'missingCredentials',
      `Source "${source.name}" needs a Kaggle API token: set KAGGLE_USERNAME and KAGGLE_KEY ` +
        'to the "username" and "key" in the kaggle.json that "Create API Token" on your ' +
        'Kaggle account page downloads, or use --source anime-face-dataset.',
    );
  }
  return `Basic ${Buffer.from(`${username}:${key}`).toString('base64')}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
