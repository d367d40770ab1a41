import { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';

function captureOutput(): { chunks: string[]; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { chunks, destination };
}

function parseLines(chunks: string[]): Record<string, unknown>[] {
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('createLogger', () => {
  it('writes one JSON object per line', () => {
    const { chunks, destination } = captureOutput();
    const logger = createLogger('info', { destination });

    logger.info({ roomId: 'r1' }, 'Room created');

    const entries = parseLines(chunks);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.msg).toBe('Room created');
    expect(entries[0]?.roomId).toBe('r1');
    expect(entries[0]?.level).toBe(30);
  });

  it('drops entries below the level', () => {
    const { chunks, destination } = captureOutput();
    const logger = createLogger('warn', { destination });

    logger.info('hidden');
    logger.warn('shown');

    expect(parseLines(chunks).map((entry) => entry.msg)).toEqual(['shown']);
  });

  it('writes readable lines when pretty', async () => {
    const { chunks, destination } = captureOutput();
    const logger = createLogger('info', { pretty: true, destination });

    logger.info({ roomId: 'r1' }, 'Room created');
    await setImmediate();

    const output = chunks.join('');
    expect(output).toContain('INFO');
    expect(output).toContain('Room created');
    expect(output).toContain('roomId: "r1"');
    expect(() => JSON.parse(output)).toThrow();
  });
});
