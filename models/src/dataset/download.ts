import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatasetError } from './errors.ts';
import {
  partPaths,
  partSize,
  rangeValidator,
  readPartState,
  removePart,
  writePartState,
  type PartPaths,
  type PartState,
} from './partState.ts';
import type { ProgressSink } from './progress.ts';
import { describeUrl, getFollowingRedirects, IdleTimer, requestFailure } from './request.ts';

export interface DownloadOptions {
  url: string;
  /** Folder of the partial file and its sidecar (`<dest>/.download`). */
  downloadDir: string;
  /** Base name of the partial file: `<downloadDir>/<name>.part`. */
  name: string;
  authorization: string | null;
  /** Further attempts after a dropped connection, a timeout or a 5xx response. */
  retries: number;
  retryDelayMs: number;
  /** Maximum wait in milliseconds for the response headers or the next chunk of the body. */
  timeoutMs: number;
  maxRedirects: number;
  progress: ProgressSink;
  log: (message: string) => void;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Bytes that were already on disk when the last attempt started. */
  resumedFromBytes: number;
  attempts: number;
}

const RETRIABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Downloads `url` to `<downloadDir>/<name>.part`, resuming a partial file from an earlier run
 * or attempt with a Range request when the sidecar contains a validator for If-Range.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const paths = partPaths(options.downloadDir, options.name);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await downloadOnce(options, paths);
      return { path: paths.part, ...outcome, attempts: attempt };
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      const failure = error;
      const have = await partSize(paths.part);
      if (!failure.retriable || attempt > options.retries) {
        if (!failure.retriable || have === 0) throw failure;
        throw new DatasetError(
          failure.code,
          `${failure.message} ${have} bytes are kept in ${paths.part}; ` +
            'run the same command again to resume.',
          { cause: failure, retriable: true },
        );
      }
      const delayMs = options.retryDelayMs * 2 ** (attempt - 1);
      options.log(
        `${failure.message} Retrying in ${delayMs / 1000} s` +
          (have > 0 ? `, resuming from byte ${have}.` : '.'),
      );
      await sleep(delayMs);
    }
  }
}

interface AttemptOutcome {
  bytes: number;
  resumedFromBytes: number;
}

async function downloadOnce(options: DownloadOptions, paths: PartPaths): Promise<AttemptOutcome> {
  const saved = await readPartState(paths.sidecar);
  const have = await partSize(paths.part);
  const validator = saved !== null && saved.url === options.url ? rangeValidator(saved) : null;
  if (have > 0 && validator === null) {
    options.log(
      `Discarding ${have} bytes in ${paths.part}: no ETag or Last-Modified was recorded for ` +
        'this URL, so a resumed download could mix two versions of the file.',
    );
    await removePart(paths);
  }
  const resumeFrom = validator === null ? 0 : have;
  if (saved !== null && resumeFrom > 0 && resumeFrom === saved.totalBytes) {
    return { bytes: resumeFrom, resumedFromBytes: resumeFrom };
  }

  const headers: Record<string, string> = {
    accept: '*/*',
    // The archive must arrive byte for byte; fetch would silently gunzip a gzip encoding.
    'accept-encoding': 'identity',
    'user-agent': 'real-or-fake-dataset',
  };
  if (resumeFrom > 0 && validator !== null) {
    headers.range = `bytes=${resumeFrom}-`;
    headers['if-range'] = validator;
  }

  const timer = new IdleTimer(options.timeoutMs);
  try {
    const { response, url } = await getFollowingRedirects(options.url, {
      headers,
      authorization: options.authorization,
      maxRedirects: options.maxRedirects,
      timer,
    });
    const start = await startOffset(response, url, resumeFrom, paths, options);
    if (start === 'complete') return { bytes: resumeFrom, resumedFromBytes: resumeFrom };

    rejectWebPage(response, url);
    const totalBytes = totalBytesOf(response, start);
    const state: PartState = {
      url: options.url,
      totalBytes,
      etag: response.headers.get('etag') ?? (start > 0 ? (saved?.etag ?? null) : null),
      lastModified:
        response.headers.get('last-modified') ?? (start > 0 ? (saved?.lastModified ?? null) : null),
    };
    await writePartState(paths.sidecar, state);

    const bytes = await writeBody(response, paths.part, start, timer, options.progress, totalBytes);
    if (totalBytes !== null && bytes !== totalBytes) {
      if (bytes > totalBytes) await removePart(paths);
      throw new DatasetError(
        'sizeMismatch',
        `${describeUrl(url)} sent ${bytes} bytes, but announced ${totalBytes}.`,
        { retriable: bytes < totalBytes },
      );
    }
    return { bytes, resumedFromBytes: start };
  } catch (error) {
    if (isFileSystemError(error)) throw error;
    throw requestFailure(error, options.url, timer);
  } finally {
    timer.stop();
  }
}

/**
 * Decides where the body starts from the status: 206 continues the partial file, 200 restarts
 * it, and 416 with a matching size means the partial file is already whole.
 */
async function startOffset(
  response: Response,
  url: URL,
  resumeFrom: number,
  paths: PartPaths,
  options: DownloadOptions,
): Promise<number | 'complete'> {
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (range === null || range.start !== resumeFrom) {
      await response.body?.cancel();
      await removePart(paths);
      throw new DatasetError(
        'network',
        `The server resumed at the wrong offset (Content-Range ` +
          `"${response.headers.get('content-range')}", expected byte ${resumeFrom}); ` +
          'the partial download was discarded.',
        { retriable: true },
      );
    }
    return resumeFrom;
  }
  if (response.status === 416) {
    await response.body?.cancel();
    const total = parseUnsatisfiedRange(response.headers.get('content-range'));
    if (total === resumeFrom) return 'complete';
    await removePart(paths);
    throw new DatasetError(
      'network',
      `The server rejected the resume request at byte ${resumeFrom}; ` +
        'the partial download was discarded.',
      { retriable: true },
    );
  }
  if (response.status >= 200 && response.status < 300) {
    if (resumeFrom > 0) {
      options.log(`The server sent the whole file again (${response.status}); starting over.`);
    }
    return 0;
  }

  await response.body?.cancel();
  throw new DatasetError(
    'httpStatus',
    `${describeUrl(url)} answered ${response.status}` +
      `${response.statusText ? ` ${response.statusText}` : ''}` +
      (response.status === 401 || response.status === 403
        ? '; check that the URL is public, or the credentials for this source.'
        : response.status === 404
          ? '; check the URL, or pick a named source (see --help).'
          : '.'),
    { retriable: RETRIABLE_STATUSES.has(response.status) },
  );
}

/** Raises when the server sends an HTML page, such as a quota or sign-in page. */
function rejectWebPage(response: Response, url: URL): void {
  const type = response.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('text/html')) return;
  void response.body?.cancel();
  throw new DatasetError(
    'unexpectedContent',
    `${describeUrl(url)} sent a web page (${type}) instead of an archive. Google Drive does ` +
      'this when a file is over its download quota or needs a sign-in. Download the archive ' +
      'in a browser and pass its path with --source, or try another source.',
  );
}

function totalBytesOf(response: Response, start: number): number | null {
  if (response.status === 206) {
    return parseContentRange(response.headers.get('content-range'))?.total ?? null;
  }
  if (response.headers.get('content-encoding')) return null;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 ? start + length : null;
}

async function writeBody(
  response: Response,
  path: string,
  start: number,
  timer: IdleTimer,
  progress: ProgressSink,
  totalBytes: number | null,
): Promise<number> {
  const handle = await open(path, start > 0 ? 'a' : 'w');
  let bytes = start;
  progress.start(totalBytes, start);
  try {
    if (response.body !== null) {
      for await (const chunk of response.body) {
        timer.touch();
        await handle.write(chunk);
        bytes += chunk.byteLength;
        progress.advance(chunk.byteLength);
      }
    }
  } finally {
    progress.stop();
    await handle.close();
  }
  return bytes;
}

interface ContentRange {
  start: number;
  total: number | null;
}

function parseContentRange(header: string | null): ContentRange | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) };
}

function parseUnsatisfiedRange(header: string | null): number | null {
  const match = /^bytes \*\/(\d+)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

/** Returns true when `error` comes from the file system (ENOSPC, EACCES), not the network. */
function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
