import type { HttpErrorPayload } from '@real-or-fake/shared';
import { Router, type Response } from 'express';

import type { FaceImageStore } from '../rounds/faceImageStore.ts';

/** base64url of 128 random bits, as `newImageId` makes them. */
const IMAGE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Serves `GET /faces/<imageId>.jpg` from memory. Every face gets the same headers whatever it
 * shows: no ETag, Last-Modified or other value derived from how or when the face was made.
 */
export function createFaceRoutes(images: FaceImageStore): Router {
  const router = Router();
  router.get('/faces/:file', (request, response) => {
    const match = /^(.+)\.jpg$/.exec(request.params.file);
    const imageId = match?.[1];
    const jpeg =
      imageId !== undefined && IMAGE_ID_PATTERN.test(imageId) ? images.get(imageId) : undefined;
    if (jpeg === undefined) {
      sendNotFound(response, request.params.file);
      return;
    }

    response.writeHead(200, {
      'Content-Type': 'image/jpeg',
      'Content-Length': jpeg.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(jpeg);
  });
  return router;
}

function sendNotFound(response: Response, file: string): void {
  const body: HttpErrorPayload = {
    code: 'imageNotFound',
    message: `No face ${JSON.stringify(file)}: faces exist only while their round is shown`,
  };
  response.status(404).set('Cache-Control', 'no-store').json(body);
}
