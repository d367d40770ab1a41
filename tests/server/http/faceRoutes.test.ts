import type { HttpErrorPayload } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { encodeFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import { createFaceRoutes } from '../../../server/src/http/faceRoutes.ts';
import { FaceImageStore } from '../../../server/src/rounds/faceImageStore.ts';
import { newImageId } from '../../../server/src/rounds/preparedFace.ts';
import { gradientPixels } from '../faces/fixtures.ts';
import { serveRoutes, type RunningApp } from './serve.ts';

const images = new FaceImageStore(3);
let app: RunningApp;
let jpeg: Buffer;
let imageId: string;

beforeAll(async () => {
  jpeg = await encodeFaceJpeg(gradientPixels(64, 64), 90);
  imageId = newImageId();
  images.add(imageId, jpeg);
  app = await serveRoutes(createFaceRoutes(images));
});

afterAll(async () => {
  await app?.close();
});

describe('GET /faces/:id.jpg', () => {
  it('serves the stored bytes', async () => {
    const response = await fetch(`${app.baseUrl}/faces/${imageId}.jpg`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it('sends only fixed headers', async () => {
    const response = await fetch(`${app.baseUrl}/faces/${imageId}.jpg`);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-length')).toBe(String(jpeg.length));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.has('etag')).toBe(false);
    expect(response.headers.has('last-modified')).toBe(false);
    expect(response.headers.has('x-powered-by')).toBe(false);
  });

  it.each([
    ['an unknown id', `${'A'.repeat(22)}.jpg`],
    ['a malformed id', 'not-an-id.jpg'],
    ['another extension', 'IMAGE.png'],
    ['a path traversal', '..%2F..%2Fpackage.json'],
  ])('answers 404 for %s', async (_case, file) => {
    const response = await fetch(`${app.baseUrl}/faces/${file}`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as HttpErrorPayload;
    expect(body.code).toBe('imageNotFound');
  });
});
