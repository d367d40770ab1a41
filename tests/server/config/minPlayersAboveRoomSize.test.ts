import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../../server/src/config.ts';
import { MAX_PLAYERS_PER_ROOM } from '../../../server/src/rooms/GameRoom.ts';

describe('MIN_PLAYERS', () => {
  it('accepts a full room', () => {
    const config = loadConfig({ MIN_PLAYERS: String(MAX_PLAYERS_PER_ROOM) });
    expect(config.minPlayers).toBe(MAX_PLAYERS_PER_ROOM);
  });

  it('rejects more players than a room holds', () => {
    const tooMany = String(MAX_PLAYERS_PER_ROOM + 1);
    let error: unknown;
    try {
      loadConfig({ MIN_PLAYERS: tooMany });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        variable: 'MIN_PLAYERS',
        value: tooMany,
        accepted: `an integer from 1 to ${MAX_PLAYERS_PER_ROOM}`,
      },
    ]);
  });
});
