import { matchMaker } from '@colyseus/core';
import {
  GAME_ROOM,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH,
  roomByCodePath,
  type HttpErrorPayload,
  type RoomByCodeResponse,
} from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { leaveAll, startTestGame, type GameClient, type TestGame } from './harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ config: { minPlayers: 2 } });
});

afterAll(async () => {
  await test?.close();
});

const CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

async function enter(method: 'create' | 'joinOrCreate', options: object): Promise<GameClient> {
  const client = (await test.colyseus.sdk[method](GAME_ROOM, options)) as unknown as GameClient;
  client.reconnection.enabled = false;
  await client.waitForInitialState();
  return client;
}

async function findByCode(code: string): Promise<Response> {
  return fetch(test.baseUrl + roomByCodePath(code));
}

describe('private rooms', () => {
  it('joins a private room by its code', async () => {
    const host = await enter('create', { name: 'Ann', private: true });
    const code = host.state.roomCode;
    expect(code).toMatch(CODE_PATTERN);

    const response = await findByCode(code.toLowerCase());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const found = (await response.json()) as RoomByCodeResponse;
    expect(found).toEqual({ roomId: host.roomId, roomCode: code });

    const guest = (await test.colyseus.sdk.joinById(found.roomId, {
      name: 'Bob',
    })) as unknown as GameClient;
    guest.reconnection.enabled = false;
    await guest.waitForInitialState();
    expect(guest.roomId).toBe(host.roomId);
    expect(guest.state.roomCode).toBe(code);
    expect(guest.state.players.size).toBe(2);
    await leaveAll([host, guest]);
  });

  it('lists the code only in the metadata', async () => {
    const host = await enter('create', { name: 'Ann', private: true });
    const [listing] = await matchMaker.query({ roomId: host.roomId });
    expect(listing?.private).toBe(true);
    expect(listing?.metadata).toEqual({ code: host.state.roomCode });
    await leaveAll([host]);
  });

  it('keeps public play out of private rooms', async () => {
    const host = await enter('create', { name: 'Ann', private: true });
    const stranger = await enter('joinOrCreate', { name: 'Bob' });
    expect(stranger.roomId).not.toBe(host.roomId);
    expect(stranger.state.roomCode).toBe('');
    expect(host.state.players.size).toBe(1);

    const second = await enter('joinOrCreate', { name: 'Cid' });
    expect(second.roomId).toBe(stranger.roomId);
    await leaveAll([host, stranger, second]);
  });

  it('gives each private room its own code', async () => {
    const hosts = await Promise.all(
      ['Ann', 'Bob', 'Cid'].map((name) => enter('create', { name, private: true })),
    );
    expect(new Set(hosts.map((host) => host.state.roomCode)).size).toBe(3);
    await leaveAll(hosts);
  });

  it('answers 404 for an unknown code', async () => {
    const response = await findByCode('ZZZZZ');
    expect(response.status).toBe(404);
    const body = (await response.json()) as HttpErrorPayload;
    expect(body.code).toBe('roomNotFound');
    expect(body.message).toContain('ZZZZZ');
  });

  it('answers 404 once the room is gone', async () => {
    const host = await enter('create', { name: 'Ann', private: true });
    const code = host.state.roomCode;
    await leaveAll([host]);
    let status = 200;
    for (let attempt = 0; attempt < 40 && status === 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = (await findByCode(code)).status;
    }
    expect(status).toBe(404);
  });

  it.each(['ABC', 'ABCDEF', 'ABCD0', 'AB-CD'])('answers 400 for code %s', async (code) => {
    const response = await findByCode(code);
    expect(response.status).toBe(400);
    const body = (await response.json()) as HttpErrorPayload;
    expect(body.code).toBe('invalidRoomCode');
    expect(body.message).toContain(JSON.stringify(code));
  });

  it('gives public rooms no code', async () => {
    const player = await enter('joinOrCreate', { name: 'Dan' });
    expect(player.state.roomCode).toBe('');
    const [listing] = await matchMaker.query({ roomId: player.roomId });
    expect(listing?.private).toBe(false);
    await leaveAll([player]);
  });
});
