import { matchMaker } from '@colyseus/core';
import {
  GAME_ROOM,
  roomCodeSchema,
  type HttpErrorPayload,
  type RoomByCodeResponse,
} from '@real-or-fake/shared';
import { Router, type Response } from 'express';

import { LookupLimit } from './lookupLimit.ts';

/**
 * Code lookups one client address may make per minute. With 32^5 codes and no limit, one
 * client on loopback tried 3,800 codes a second, enough to find one of ten open private rooms in
 * about 7 minutes.
 */
export const CODE_LOOKUPS_PER_MINUTE = 30;

export interface RoomRoutesOptions {
  /** Server clock in ms, for the lookup limit's windows. */
  now?: () => number;
}

/**
 * Serves `GET /rooms/by-code/<code>`, which finds the private room that a code opens. Each
 * client address gets `CODE_LOOKUPS_PER_MINUTE` lookups a minute, and then status 429.
 */
export function createRoomRoutes(options: RoomRoutesOptions = {}): Router {
  const router = Router();
  const limit = new LookupLimit(CODE_LOOKUPS_PER_MINUTE, 60_000, options.now);
  router.get('/rooms/by-code/:code', async (request, response) => {
    // NOTE: behind a reverse proxy every client has the proxy's address and shares one limit.
    const taken = limit.take(request.socket.remoteAddress ?? 'unknown');
    if (!taken.allowed) {
      const retryAfterSeconds = Math.ceil(taken.retryAfterMs / 1000);
      response.set('Retry-After', String(retryAfterSeconds));
      sendError(response, 429, {
        code: 'tooManyLookups',
        message: `Too many room code lookups; try again in ${retryAfterSeconds} s`,
      });
      return;
    }

    const parsed = roomCodeSchema.safeParse(request.params.code);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? 'invalid room code';
      sendError(response, 400, {
        code: 'invalidRoomCode',
        message: `Invalid room code ${JSON.stringify(request.params.code)}: ${reason}`,
      });
      return;
    }

    const roomCode = parsed.data;
    const [room] = await matchMaker.query({ name: GAME_ROOM, code: roomCode });
    if (room === undefined) {
      sendError(response, 404, {
        code: 'roomNotFound',
        message: `No room has the code ${roomCode}; check it with the player who created the room`,
      });
      return;
    }

    const body: RoomByCodeResponse = { roomId: room.roomId, roomCode };
    response.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}

function sendError(response: Response, status: number, body: HttpErrorPayload): void {
  response.status(status).set('Cache-Control', 'no-store').json(body);
}
