import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';

/** Processor details read from /proc/cpuinfo. */
export interface CpuInfo {
  modelName: string;
  logicalCpus: number;
  /** Distinct (physical id, core id) pairs; null where cpuinfo lists neither. */
  physicalCores: number | null;
  /** Highest "cpu MHz" over all logical CPUs, which is the current clock, not a maximum. */
  currentMhz: number | null;
  /** The "@ 3.00GHz" part of the model name, where there is one. */
  modelNameGhz: number | null;
  /** x86 "flags" or Arm "Features" of the first CPU. */
  flags: string[];
}

/** Parses the text of /proc/cpuinfo, x86 or Arm. */
export function parseCpuInfo(text: string): CpuInfo {
  const blocks = text
    .split(/\n\s*\n/)
    .map(parseBlock)
    .filter((block) => block.has('processor'));
  const first = blocks[0] ?? new Map<string, string>();
  const modelName = first.get('model name') ?? first.get('cpu model') ?? 'unknown';
  const cores = new Set<string>();
  for (const block of blocks) {
    if (block.has('core id')) {
      cores.add(`${block.get('physical id') ?? '0'}:${block.get('core id')}`);
    }
  }
  const clocks = blocks
    .map((block) => Number(block.get('cpu MHz')))
    .filter((mhz) => Number.isFinite(mhz) && mhz > 0);
  const ghz = /@\s*([\d.]+)\s*GHz/i.exec(modelName);
  return {
    modelName,
    logicalCpus: blocks.length,
    physicalCores: cores.size > 0 ? cores.size : null,
    currentMhz: clocks.length > 0 ? Math.max(...clocks) : null,
    modelNameGhz: ghz === null ? null : Number(ghz[1]),
    flags: (first.get('flags') ?? first.get('Features') ?? '').split(/\s+/).filter(Boolean),
  };
}

function parseBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  }
  return fields;
}

/** Theoretical fp32 throughput: cores x clock x lanes x 2 FLOP per FMA x FMA units. */
export interface PeakEstimate {
  method: string;
  cpuModel: string;
  cores: number;
  coresSource: 'cpuinfo core ids' | 'availableParallelism';
  clockGhz: number;
  clockSource: 'cpuinfo_max_freq' | 'cpuinfo cpu MHz' | 'model name' | 'os.cpus speed';
  vectorIsa: string;
  fp32Lanes: number;
  fmaUnits: number;
  flopsPerCyclePerCore: number;
  coreGflops: number;
  machineGflops: number;
  /** WebAssembly SIMD128 on one core: 4 fp32 lanes x 2 FLOP x the same FMA units. */
  wasmSimdCoreGflops: number;
  /** Scalar code such as the cpu backend's JavaScript on one core: 1 lane x 2 FLOP x units. */
  scalarCoreGflops: number;
}

/** Vector ISAs from widest to narrowest, by the cpuinfo flag that marks them. */
const VECTOR_ISAS: readonly { flag: string; isa: string; lanes: number }[] = [
  { flag: 'avx512f', isa: 'AVX-512', lanes: 16 },
  { flag: 'avx2', isa: 'AVX2', lanes: 8 },
  { flag: 'avx', isa: 'AVX', lanes: 8 },
  { flag: 'sse2', isa: 'SSE2', lanes: 4 },
  { flag: 'sse', isa: 'SSE', lanes: 4 },
  { flag: 'asimd', isa: 'NEON', lanes: 4 },
];

/**
 * Estimates the fp32 peak from cpuinfo and the cpufreq maximum (in kHz, null where the kernel
 * exposes none). Two FMA units per core is typical of x86 cores with AVX2 and of Arm Neoverse.
 * Without the fma flag, a multiply port and an add port count as one unit of 2 FLOP per lane.
 * Physical cores count, because SMT siblings share their core's FMA units.
 */
export function estimatePeak(
  info: CpuInfo,
  maxFrequencyKhz: number | null,
  parallelism: number,
): PeakEstimate {
  const cores = info.physicalCores ?? parallelism;
  let clockGhz: number;
  let clockSource: PeakEstimate['clockSource'];
  if (maxFrequencyKhz !== null && maxFrequencyKhz > 0) {
    clockGhz = maxFrequencyKhz / 1e6;
    clockSource = 'cpuinfo_max_freq';
  } else if (info.currentMhz !== null) {
    clockGhz = info.currentMhz / 1000;
    clockSource = 'cpuinfo cpu MHz';
  } else if (info.modelNameGhz !== null) {
    clockGhz = info.modelNameGhz;
    clockSource = 'model name';
  } else {
    clockGhz = (cpus()[0]?.speed ?? 0) / 1000;
    clockSource = 'os.cpus speed';
  }
  const flags = new Set(info.flags);
  const vector = VECTOR_ISAS.find((entry) => flags.has(entry.flag)) ?? {
    isa: 'scalar',
    lanes: 1,
  };
  const hasFma = flags.has('fma') || flags.has('asimd');
  const fmaUnits = hasFma ? 2 : 1;
  const flopsPerCyclePerCore = vector.lanes * 2 * fmaUnits;
  const coreGflops = flopsPerCyclePerCore * clockGhz;
  return {
    method:
      `${cores} cores x ${round(clockGhz, 3)} GHz x ${vector.lanes} fp32 lanes (${vector.isa}) ` +
      `x 2 FLOP x ${hasFma ? `${fmaUnits} FMA units` : 'one multiply and one add port'}`,
    cpuModel: info.modelName,
    cores,
    coresSource: info.physicalCores === null ? 'availableParallelism' : 'cpuinfo core ids',
    clockGhz,
    clockSource,
    vectorIsa: hasFma && vector.lanes > 4 ? `${vector.isa}+FMA` : vector.isa,
    fp32Lanes: vector.lanes,
    fmaUnits,
    flopsPerCyclePerCore,
    coreGflops,
    machineGflops: coreGflops * cores,
    wasmSimdCoreGflops: 4 * 2 * fmaUnits * clockGhz,
    scalarCoreGflops: 2 * fmaUnits * clockGhz,
  };
}

/** Reads /proc/cpuinfo and cpufreq, falling back to os.cpus() where they are missing. */
export async function readPeakEstimate(): Promise<PeakEstimate> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => null);
  const info: CpuInfo = cpuinfo === null ? cpuInfoFromOs() : parseCpuInfo(cpuinfo);
  const maxKhz = await readFile('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq', 'utf8')
    .then((text) => Number(text.trim()))
    .catch(() => null);
  return estimatePeak(info, Number.isFinite(maxKhz) ? maxKhz : null, availableParallelism());
}

function cpuInfoFromOs(): CpuInfo {
  const all = cpus();
  return {
    modelName: all[0]?.model ?? 'unknown',
    logicalCpus: all.length,
    physicalCores: null,
    currentMhz: null,
    modelNameGhz: null,
    flags: [],
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
