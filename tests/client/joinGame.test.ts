import { ErrorCode, MatchMakeError, ServerError } from '@colyseus/sdk';
import { JoinErrorCode } from '@real-or-fake/shared';
import { describe, expect, it } from 'vitest';
import {
  JoinError,
  parsePlayerName,
  parseRoomCode,
  toJoinError,
} from '../../client/src/net/joinGame.ts';

const URL = 'ws://127.0.0.1:2567';

/** MatchMakeError types `code` as a number, but carries errno strings for network failures. */
function networkError(code: string | undefined): MatchMakeError {
  return new MatchMakeError('fetch failed', code as unknown as number);
}

describe('toJoinError', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host not found'],
    ['EPIPE', 'fetch failed'],
  ])('reports %s as unreachable', (code, reason) => {
    const error = toJoinError(networkError(code), URL);

    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`cannot connect to ${URL}: ${reason}`);
  });

  it('reports a browser fetch failure as unreachable', () => {
    expect(toJoinError(networkError(undefined), URL).code).toBe('unreachable');
  });

  it('maps the server join errors', () => {
    const taken = new MatchMakeError('name "Ada" is taken', JoinErrorCode.nameTaken);
    const invalid = new MatchMakeError('invalid name', JoinErrorCode.invalidOptions);
    const gone = new MatchMakeError('room not found', ErrorCode.MATCHMAKE_INVALID_ROOM_ID);

    expect(toJoinError(taken, URL).code).toBe('nameTaken');
    expect(toJoinError(taken, URL).message).toBe('name "Ada" is taken');
    expect(toJoinError(invalid, URL).code).toBe('invalidName');
    expect(toJoinError(gone, URL).code).toBe('roomNotFound');
  });

  it('maps room lookup statuses', () => {
    const missing = new ServerError(404, 'No room has the code ABCDE', { status: 404 });
    const malformed = new ServerError(400, 'Invalid room code', { status: 400 });

    expect(toJoinError(missing, URL).code).toBe('roomNotFound');
    expect(toJoinError(missing, URL).message).toBe('No room has the code ABCDE');
    expect(toJoinError(malformed, URL).code).toBe('invalidCode');
  });

  it('keeps a JoinError as it is', () => {
    const original = new JoinError('timedOut', 'timed out');

    expect(toJoinError(original, URL)).toBe(original);
  });

  it('wraps anything else as rejected', () => {
    const error = toJoinError(new Error('boom'), URL);

    expect(error.code).toBe('rejected');
    expect(error.message).toBe('joining failed: boom');
  });
});

describe('parsePlayerName', () => {
  it('trims the name', () => {
    expect(parsePlayerName('  Ada  ')).toBe('Ada');
  });

  it('rejects an empty name', () => {
    expect(() => parsePlayerName(' ')).toThrow('name must not be empty');
  });
});

describe('parseRoomCode', () => {
  it('normalises case and spaces', () => {
    expect(parseRoomCode(' abcde ')).toBe('ABCDE');
  });

  it('rejects a short code', () => {
    expect(() => parseRoomCode('ABC')).toThrow(JoinError);
  });
});
