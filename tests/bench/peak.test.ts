import { describe, expect, it } from 'vitest';

import { estimatePeak, parseCpuInfo, type CpuInfo } from '../../models/src/bench/peak.ts';

/** Four logical CPUs on two physical cores, as an SMT x86 machine lists them. */
function x86CpuInfo(flags: string, modelName = 'Example CPU @ 3.00GHz'): string {
  const blocks = [0, 1, 2, 3].map((processor) =>
    [
      `processor\t: ${processor}`,
      `model name\t: ${modelName}`,
      `cpu MHz\t\t: ${processor === 2 ? '2400.500' : '1800.000'}`,
      'physical id\t: 0',
      `core id\t\t: ${processor % 2}`,
      `flags\t\t: fpu sse sse2 ${flags}`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

const ARM_CPUINFO = [
  'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes\nCPU part\t: 0xd0c',
  'processor\t: 1\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes\nCPU part\t: 0xd0c',
].join('\n\n');

function info(overrides: Partial<CpuInfo>): CpuInfo {
  return {
    modelName: 'Example',
    logicalCpus: 4,
    physicalCores: 2,
    currentMhz: 2000,
    modelNameGhz: null,
    flags: ['sse', 'sse2', 'avx', 'avx2', 'fma'],
    ...overrides,
  };
}

describe('parseCpuInfo', () => {
  it('counts physical cores by core id', () => {
    const parsed = parseCpuInfo(x86CpuInfo('avx2 fma'));

    expect(parsed.physicalCores).toBe(2);
  });

  it('counts every logical CPU', () => {
    expect(parseCpuInfo(x86CpuInfo('avx2 fma')).logicalCpus).toBe(4);
  });

  it('keeps the highest cpu MHz', () => {
    expect(parseCpuInfo(x86CpuInfo('avx2 fma')).currentMhz).toBe(2400.5);
  });

  it('reads the GHz in the model name', () => {
    expect(parseCpuInfo(x86CpuInfo('avx2 fma')).modelNameGhz).toBe(3);
  });

  it('reads Arm features without core ids', () => {
    const parsed = parseCpuInfo(ARM_CPUINFO);

    expect(parsed.flags).toContain('asimd');
    expect(parsed.physicalCores).toBeNull();
    expect(parsed.modelName).toBe('unknown');
  });
});

describe('estimatePeak', () => {
  it('gives AVX2 with FMA 32 FLOP per cycle', () => {
    const peak = estimatePeak(info({}), null, 4);

    expect(peak.fp32Lanes).toBe(8);
    expect(peak.flopsPerCyclePerCore).toBe(32);
  });

  it('gives AVX-512 16 lanes', () => {
    const peak = estimatePeak(info({ flags: ['avx2', 'fma', 'avx512f'] }), null, 4);

    expect(peak.flopsPerCyclePerCore).toBe(64);
  });

  it('counts one unit without FMA', () => {
    const peak = estimatePeak(info({ flags: ['sse', 'sse2'] }), null, 4);

    expect(peak.fmaUnits).toBe(1);
    expect(peak.flopsPerCyclePerCore).toBe(8);
  });

  it('gives NEON 4 lanes with FMA', () => {
    const peak = estimatePeak(parseCpuInfo(ARM_CPUINFO), null, 2);

    expect(peak.flopsPerCyclePerCore).toBe(16);
  });

  it('prefers the cpufreq maximum', () => {
    const peak = estimatePeak(info({ modelNameGhz: 3 }), 3_500_000, 4);

    expect(peak.clockGhz).toBe(3.5);
    expect(peak.clockSource).toBe('cpuinfo_max_freq');
  });

  it('falls back to cpu MHz, then the model name', () => {
    const fromMhz = estimatePeak(info({ modelNameGhz: 3 }), null, 4);
    const fromName = estimatePeak(info({ currentMhz: null, modelNameGhz: 3 }), null, 4);

    expect(fromMhz.clockSource).toBe('cpuinfo cpu MHz');
    expect(fromName.clockSource).toBe('model name');
    expect(fromName.clockGhz).toBe(3);
  });

  it('multiplies cores, clock and FLOP per cycle', () => {
    const peak = estimatePeak(info({}), 3_000_000, 4);

    expect(peak.coreGflops).toBeCloseTo(96);
    expect(peak.machineGflops).toBeCloseTo(192);
  });

  it('uses available parallelism without core ids', () => {
    const peak = estimatePeak(info({ physicalCores: null }), null, 6);

    expect(peak.cores).toBe(6);
    expect(peak.coresSource).toBe('availableParallelism');
  });

  it('caps wasm at 4 lanes', () => {
    const peak = estimatePeak(info({ flags: ['avx512f', 'fma'] }), 3_000_000, 4);

    expect(peak.wasmSimdCoreGflops).toBeCloseTo(4 * 2 * 2 * 3);
  });
});
