import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

import * as tf from '@tensorflow/tfjs';

import type { PeakEstimate } from '../models/src/bench/peak.ts';

export interface MachineInfo {
  cpuModel: string;
  logicalCpus: number;
  physicalCores: number;
  availableParallelism: number;
  memoryGib: number;
  platform: string;
  nodeVersion: string;
  tfjsVersion: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverageStart: number[];
  /** 1, 5 and 15 minute load averages when the run ended. */
  loadAverageEnd: number[];
}

/** Describes the machine; `loadAverageEnd` is filled in when the run ends. */
export function describeMachine(peak: PeakEstimate): MachineInfo {
  return {
    cpuModel: peak.cpuModel,
    logicalCpus: cpus().length,
    physicalCores: peak.cores,
    availableParallelism: availableParallelism(),
    memoryGib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    nodeVersion: process.version,
    tfjsVersion: tf.version.tfjs,
    loadAverageStart: loadAverage(),
    loadAverageEnd: [],
  };
}

export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
