import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';

import { faceImagePath, GameState } from '@real-or-fake/shared';
import type * as tf from '@tensorflow/tfjs';
import type { Logger } from 'pino';

import { summarizeLatencies, type LatencySummary } from '../models/src/bench/stats.ts';
import { scoreFaces } from '../models/src/inference.ts';
import { SeededRandom } from '../models/src/train/random.ts';
import type { ModelService } from '../server/src/ai/modelService.ts';
import type { Config } from '../server/src/config.ts';
import type { RealFace } from '../server/src/faces/face.ts';
import { initRoomState, showVoting } from '../server/src/rooms/roundState.ts';
import { FaceImageStore } from '../server/src/rounds/faceImageStore.ts';
import { FaceSource } from '../server/src/rounds/faceSource.ts';
import { FakePool } from '../server/src/rounds/fakePool.ts';

/** Serving latencies under one condition: with or without a training run in the process. */
export interface ServingCondition {
  /** scoreFaces on one face, as the server scores each real round's face. */
  discriminatorBatch1: LatencySummary;
  /** CPU time of the serving thread over those calls. */
  discriminatorBatch1Cpu: ThreadCpu;
  /** From an arrival to a generated face in hand, waiting for the refill when the pool is empty. */
  nextFakeImage: LatencySummary & { emptyPoolTakes: number };
  /**
   * Time inside FakePool.take() alone. The refill it starts runs the generator synchronously
   * before take() returns, so this is about one generator call rather than zero.
   */
  takeCall: LatencySummary;
  /** From an arrival to FaceSource.next() resolved and the face published in the room state. */
  roundPrepare: LatencySummary;
}

/**
 * CPU time of a thread over a loop of calls. Linux may count thread CPU time in scheduler
 * ticks of several ms, so only the total over many calls is accurate, not each call's share.
 */
export interface ThreadCpu {
  /** CPU time of the loop divided by its calls, in ms. */
  meanMs: number;
  /** CPU time over wall time of the loop: below 1, the thread waited for a core. */
  share: number;
}

export interface ServingSetup {
  models: ModelService;
  discriminator: tf.LayersModel;
  playFaces: readonly RealFace[];
  config: Config;
  logger: Logger;
  scoreCalls: number;
  arrivals: number;
  arrivalMeanMs: number;
}

/**
 * Measures one condition on a fresh, full fake pool. Arrivals come at exponentially distributed
 * gaps from a fixed seed, so both conditions see the same arrival times.
 */
export async function measureServingCondition(setup: ServingSetup): Promise<ServingCondition> {
  const { config, models, logger } = setup;
  const pool = new FakePool({
    capacity: config.fakePoolSize,
    models,
    jpegQuality: config.jpegQuality,
    logger,
  });
  pool.start();
  try {
    await pool.whenFull();
    const { discriminatorBatch1, discriminatorBatch1Cpu } = await timeScoring(setup);
    await pool.whenFull();
    const { nextFakeImage, takeCall } = await timeFakeTakes(setup, pool);
    await pool.whenFull();
    const roundPrepare = await timeRoundPreparation(setup, pool);
    return { discriminatorBatch1, discriminatorBatch1Cpu, nextFakeImage, takeCall, roundPrepare };
  } finally {
    await pool.stop();
  }
}

async function timeScoring(
  setup: ServingSetup,
): Promise<Pick<ServingCondition, 'discriminatorBatch1' | 'discriminatorBatch1Cpu'>> {
  const wallMs: number[] = [];
  const loopStarted = performance.now();
  const cpuStarted = process.threadCpuUsage();
  for (let index = 0; index < setup.scoreCalls; index++) {
    const face = setup.playFaces[index % setup.playFaces.length] as RealFace;
    const started = performance.now();
    scoreFaces(setup.discriminator, [face.pixels]);
    wallMs.push(performance.now() - started);
    await yieldToEventLoop();
  }
  const cpu = process.threadCpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    discriminatorBatch1: summarizeLatencies(wallMs),
    discriminatorBatch1Cpu: {
      meanMs: cpuMs / setup.scoreCalls,
      share: cpuMs / (performance.now() - loopStarted),
    },
  };
}

async function timeFakeTakes(
  setup: ServingSetup,
  pool: FakePool,
): Promise<Pick<ServingCondition, 'nextFakeImage' | 'takeCall'>> {
  const samples: number[] = [];
  const takeCalls: number[] = [];
  let emptyPoolTakes = 0;
  const take = () => {
    const started = performance.now();
    const face = pool.take();
    takeCalls.push(performance.now() - started);
    return face;
  };
  for (const gapMs of arrivalGaps(setup, 'fake-takes')) {
    const due = performance.now() + gapMs;
    await sleep(gapMs);
    let face = take();
    if (face === undefined) {
      emptyPoolTakes++;
    }
    while (face === undefined) {
      await sleep(1);
      face = take();
    }
    samples.push(performance.now() - due);
  }
  return {
    nextFakeImage: { ...summarizeLatencies(samples), emptyPoolTakes },
    takeCall: summarizeLatencies(takeCalls),
  };
}

/** Prepares rounds the way RoundCycle does: the next face, then its image and the state. */
async function timeRoundPreparation(setup: ServingSetup, pool: FakePool): Promise<LatencySummary> {
  const { config, models, logger } = setup;
  const random = SeededRandom.fromSeed('bench:faces');
  const source = new FaceSource({
    playFaces: setup.playFaces,
    fakes: pool,
    models,
    fakeRatio: config.fakeRatio,
    jpegQuality: config.jpegQuality,
    logger,
    random: () => random.next(),
  });
  const images = new FaceImageStore();
  const state = new GameState();
  initRoomState(state, 1, Date.now());
  let previousImageId: string | undefined;
  const samples: number[] = [];
  for (const gapMs of arrivalGaps(setup, 'rounds')) {
    const due = performance.now() + gapMs;
    await sleep(gapMs);
    const face = await source.next();
    if (previousImageId !== undefined) {
      images.delete(previousImageId);
    }
    images.add(face.imageId, face.jpeg);
    const startedAtMs = Date.now();
    showVoting(state, {
      roundId: randomUUID(),
      imageUrl: faceImagePath(face.imageId),
      startedAtMs,
      deadlineMs: startedAtMs + config.votingMs,
    });
    previousImageId = face.imageId;
    samples.push(performance.now() - due);
  }
  return summarizeLatencies(samples);
}

function arrivalGaps(setup: ServingSetup, stream: string): number[] {
  const random = SeededRandom.fromSeed(`bench:arrivals:${stream}`);
  return Array.from(
    { length: setup.arrivals },
    () => -Math.log(1 - random.next()) * setup.arrivalMeanMs,
  );
}
