import { LABELS, type Label } from '@real-or-fake/shared';
import { z } from 'zod';

/** Maximum size of a face JPEG. A 64x64 JPEG at quality 100 is under 20 kB. */
export const MAX_IMAGE_JPEG_BYTES = 1024 * 1024;

export interface RoundVote {
  playerName: string;
  sessionId: string;
  choice: Label;
  votedAtMs: number;
}

/** A round after its reveal: what was shown, the truth, the AI's score and every vote. */
export interface FinishedRound {
  roundId: string;
  roomId: string;
  startedAtMs: number;
  endedAtMs: number;
  truth: Label;
  /** The exact bytes the players were sent. */
  imageJpeg: Buffer;
  /** Discriminator output for the image: 0 is surely fake, 1 surely real. */
  aiScore: number;
  /** Version of the generator that made the face, or null for a real face. */
  generatorVersion: string | null;
  discriminatorVersion: string;
  votes: RoundVote[];
}

const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(128);

const voteSchema = z.strictObject({
  playerName: z.string().min(1).max(64),
  sessionId: id,
  choice: z.enum(LABELS),
  votedAtMs: epochMs,
});

const jpegSchema = z
  .custom<Buffer>((value) => Buffer.isBuffer(value), 'expected a Buffer')
  .refine((bytes) => bytes.length > 0 && bytes.length <= MAX_IMAGE_JPEG_BYTES, {
    message: `expected 1 to ${MAX_IMAGE_JPEG_BYTES} bytes`,
  })
  .refine((bytes) => bytes[0] === 0xff && bytes[1] === 0xd8, {
    message: 'expected JPEG bytes, which start with FF D8',
  });

export const finishedRoundSchema: z.ZodType<FinishedRound> = z
  .strictObject({
    roundId: z.string().min(1).max(64),
    roomId: id,
    startedAtMs: epochMs,
    endedAtMs: epochMs,
    truth: z.enum(LABELS),
    imageJpeg: jpegSchema,
    aiScore: z.number().min(0).max(1),
    generatorVersion: z.string().min(1).max(200).nullable(),
    discriminatorVersion: z.string().min(1).max(200),
    votes: z.array(voteSchema).max(10_000),
  })
  .superRefine((round, context) => {
    if (round.endedAtMs < round.startedAtMs) {
      context.addIssue({
        code: 'custom',
        path: ['endedAtMs'],
        message: `ends at ${round.endedAtMs}, before its start at ${round.startedAtMs}`,
      });
    }
    const sessions = new Set<string>();
    for (const [index, vote] of round.votes.entries()) {
      if (sessions.has(vote.sessionId)) {
        context.addIssue({
          code: 'custom',
          path: ['votes', index, 'sessionId'],
          message: `second vote from session ${vote.sessionId}`,
        });
      }
      sessions.add(vote.sessionId);
    }
  });
