import { DatasetError } from './errors.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Aborts a request when no progress is made for `timeoutMs`: the clock restarts on each
 * `touch()`, so a slow but steady download never times out.
 */
export class IdleTimer {
  readonly #controller = new AbortController();
  readonly timeoutMs: number;
  #timer: NodeJS.Timeout | undefined;
  #fired = false;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get fired(): boolean {
    return this.#fired;
  }

  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#fired = true;
      this.#controller.abort();
    }, this.timeoutMs);
  }

  /** Stops the clock and aborts whatever is still open on the request. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}

export interface GetOptions {
  headers: Record<string, string>;
  /** Authorization header value, sent only to the origin of the first URL. */
  authorization: string | null;
  maxRedirects: number;
  timer: IdleTimer;
}

export interface GetResult {
  response: Response;
  /** URL of the response after redirects. */
  url: URL;
}

/**
 * Sends a GET request and follows up to `maxRedirects` redirects itself, so that credentials
 * never travel to another origin (Kaggle redirects to a signed storage URL) and the Range
 * header goes along on every hop.
 */
export async function getFollowingRedirects(url: string, options: GetOptions): Promise<GetResult> {
  const origin = new URL(url).origin;
  let current = new URL(url);

  for (let hop = 0; ; hop++) {
    const headers = { ...options.headers };
    if (options.authorization !== null && current.origin === origin) {
      headers.authorization = options.authorization;
    }

    let response: Response;
    try {
      response = await fetch(current, {
        headers,
        redirect: 'manual',
        signal: options.timer.signal,
      });
    } catch (error) {
      throw requestFailure(error, current, options.timer);
    }
    if (!REDIRECT_STATUSES.has(response.status)) return { response, url: current };

    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) {
      throw new DatasetError(
        'httpStatus',
        `${describeUrl(current)} answered ${response.status} without a Location header.`,
      );
    }
    if (hop >= options.maxRedirects) {
      throw new DatasetError(
        'tooManyRedirects',
        `Gave up after ${options.maxRedirects} redirects, starting at ${describeUrl(url)}.`,
      );
    }
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new DatasetError(
        'httpStatus',
        `${describeUrl(current)} redirected to an unsupported URL scheme "${next.protocol}".`,
      );
    }
    current = next;
  }
}

/** Converts an error from fetch or from reading a body into a `DatasetError`. */
export function requestFailure(error: unknown, url: URL | string, timer: IdleTimer): DatasetError {
  if (error instanceof DatasetError) return error;
  if (timer.fired) {
    return new DatasetError(
      'timeout',
      `No data from ${describeUrl(url)} for ${timer.timeoutMs / 1000} s.`,
      { cause: error, retriable: true },
    );
  }
  return new DatasetError(
    'network',
    `Request to ${describeUrl(url)} failed: ${causeText(error)}.`,
    { cause: error, retriable: true },
  );
}

/** Origin and path of a URL, leaving out the query, which can carry signatures or tokens. */
export function describeUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.origin}${parsed.pathname}`;
}

function causeText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}
