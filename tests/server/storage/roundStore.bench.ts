import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'vitest';
import { RoundStore } from '../../../server/src/storage/roundStore.ts';
import { makeRound } from './fixtures/rounds.ts';

test('RoundStore.recordRound with FULL and NORMAL sync', async ({ bench }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'round-store-bench-'));
  const full = new RoundStore(path.join(dir, 'full.sqlite'), { synchronous: 'FULL' });
  const normal = new RoundStore(path.join(dir, 'normal.sqlite'), { synchronous: 'NORMAL' });
  let next = 0;
  try {
    await bench.compare(
      bench('synchronous=FULL, 2 votes', () => full.recordRound(makeRound(next++))),
      bench('synchronous=NORMAL, 2 votes', () => normal.recordRound(makeRound(next++))),
      { time: 2000 },
    );
  } finally {
    full.close();
    normal.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
