import { matchMaker } from '@colyseus/core';
import {
  GAME_ROOM,
  roomCodeSchema,
  type HttpErrorPayload,
  type RoomByCodeResponse,
} from '@real-or-fake/shared';
import { Router, type Response } from 'express';

/** Serves `GET /rooms/by-code/<code>`, which finds the private room that a code opens. */
export function createRoomRoutes(): Router {
  const router = Router();
  router.get('/rooms/by-code/:code', async (request, response) => {
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
