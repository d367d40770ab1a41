import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * Room state synced to every client. Nothing in it may tell the truth of the current face
 * before voting closes: the server fills `RevealState` only when the phase becomes `reveal`,
 * and a player's `vote` stays empty until then.
 */
export const PlayerState = schema(
  {
    name: t.string(),
    score: t.uint32(),
    connected: t.boolean(),
    hasVoted: t.boolean(),
    /** The player's vote in the revealed round, empty until the reveal. */
    vote: t.string(),
    /** Whether that vote matched the truth; meaningful only during the reveal. */
    correct: t.boolean(),
  },
  'PlayerState',
);
export type PlayerState = SchemaType<typeof PlayerState>;

export const RevealState = schema(
  {
    truth: t.string(),
    /** The discriminator's sigmoid output for the face: 0 is surely fake, 1 surely real. */
    aiScore: t.float32(),
    aiVerdict: t.string(),
    realVotes: t.uint16(),
    fakeVotes: t.uint16(),
  },
  'RevealState',
);
export type RevealState = SchemaType<typeof RevealState>;

/** Running humans-versus-AI tally over the rounds this room has finished. */
export const TallyState = schema(
  {
    rounds: t.uint32(),
    humanCorrectVotes: t.uint32(),
    humanVotes: t.uint32(),
    aiCorrectRounds: t.uint32(),
  },
  'TallyState',
);
export type TallyState = SchemaType<typeof TallyState>;

export const GameState = schema(
  {
    phase: t.string(),
    /** Code that joins this room; set for private rooms, empty for public ones. */
    roomCode: t.string(),
    /** Connected players needed before a round starts; the room waits in `waiting` until then. */
    minPlayers: t.uint8(),
    roundId: t.string(),
    roundNumber: t.uint32(),
    /** Path of the round's face on the game server, e.g. `/faces/<random id>.jpg`. */
    imageUrl: t.string(),
    /** Server clock (ms since the Unix epoch) at which the current phase ends; 0 if none. */
    phaseEndsAtMs: t.float64(),
    /** Server clock when the phase began, so clients can estimate their clock offset. */
    phaseStartedAtMs: t.float64(),
    /** Players by Colyseus sessionId; a rejoin under the same name moves the entry to the new id. */
    players: t.map(PlayerState),
    reveal: RevealState,
    tally: TallyState,
  },
  'GameState',
);
export type GameState = SchemaType<typeof GameState>;
