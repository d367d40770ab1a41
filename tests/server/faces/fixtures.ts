import { Writable } from 'node:stream';
import sharp from 'sharp';
import { pino, type Logger } from 'pino';

/** Raw RGB pixels whose colour changes with position, so crops and flips are detectable. */
export function gradientPixels(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      pixels[offset] = Math.round((x / Math.max(1, width - 1)) * 255);
      pixels[offset + 1] = Math.round((y / Math.max(1, height - 1)) * 255);
      pixels[offset + 2] = 128;
    }
  }
  return pixels;
}

export function rawImage(pixels: Uint8Array, width: number, height: number, channels: 3 | 4) {
  return sharp(pixels, { raw: { width, height, channels } });
}

/** Mean absolute difference per byte of two equally long buffers. */
export function meanAbsoluteError(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return total / a.length;
}

export interface CapturedLog {
  logger: Logger;
  entries: Record<string, unknown>[];
}

/** Creates a debug-level pino logger that parses each entry into `entries`. */
export function captureLog(): CapturedLog {
  const entries: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line !== '') entries.push(JSON.parse(line));
      }
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, destination), entries };
}
