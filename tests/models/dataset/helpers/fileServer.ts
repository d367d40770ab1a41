import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file the test server sends, with the validators it announces. */
export interface ServedFile {
  body: Buffer;
  etag?: string | null;
  lastModified?: string | null;
  contentType?: string;
}

/** A handler for a path that does something other than send a file. */
export type Route = (request: { headers: IncomingHttpHeaders }, response: ServerResponse) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

/**
 * A loopback HTTP server for download tests: it serves files with single-range support
 * (Range, If-Range, 206, 416), records every request, and can drop connections mid-body.
 */
export class FileServer {
  readonly files = new Map<string, ServedFile>();
  readonly routes = new Map<string, Route>();
  readonly requests: RecordedRequest[] = [];
  #server: Server;
  #dropAfterBytes: number | null = null;
  #dropsLeft = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FileServer> {
    const server = createServer();
    const fileServer = new FileServer(server);
    server.on('request', (request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const record: RecordedRequest = { path, headers: request.headers, status: 0 };
      fileServer.requests.push(record);
      const route = fileServer.routes.get(path);
      if (route) {
        route(request, response);
        record.status = response.statusCode;
        return;
      }
      record.status = fileServer.#serveFile(path, request.headers, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fileServer;
  }

  url(path: string): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  /** Makes the next `count` file responses stop after `bytes` body bytes and drop the socket. */
  dropConnections(bytes: number, count = 1): void {
    this.#dropAfterBytes = bytes;
    this.#dropsLeft = count;
  }

  rangeRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.headers.range !== undefined);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serveFile(path: string, headers: IncomingHttpHeaders, response: ServerResponse): number {
    const file = this.files.get(path);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return 404;
    }
    const size = file.body.length;
    const common: Record<string, string> = {
      'content-type': file.contentType ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
    };
    if (file.etag) common.etag = file.etag;
    if (file.lastModified) common['last-modified'] = file.lastModified;

    let start = 0;
    let status = 200;
    const range = /^bytes=(\d+)-$/.exec(headers.range ?? '');
    const ifRange = headers['if-range'];
    const validatorMatches =
      ifRange === undefined || ifRange === file.etag || ifRange === file.lastModified;
    if (range && validatorMatches) {
      start = Number(range[1]);
      if (start >= size) {
        response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return 416;
      }
      status = 206;
      common['content-range'] = `bytes ${start}-${size - 1}/${size}`;
    }
    const body = file.body.subarray(start);
    response.writeHead(status, { ...common, 'content-length': String(body.length) });

    if (this.#dropsLeft > 0 && this.#dropAfterBytes !== null) {
      this.#dropsLeft--;
      const cut = body.subarray(0, this.#dropAfterBytes);
      // destroy() can send RST, which discards bytes the client has received but not yet
      // read, so the client gets time to read the cut first; 20 ms was too short under load.
      response.write(cut, () => setTimeout(() => response.socket?.destroy(), 250));
      return status;
    }
    response.end(body);
    return status;
  }
}
