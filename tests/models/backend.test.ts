import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { BackendError, selectBackend, type ModuleImporter } from '@real-or-fake/models';

interface LogEntry {
  message: string;
  fields: Record<string, unknown>;
}

function recordLog(): {
  entries: LogEntry[];
  log: (m: string, f: Record<string, unknown>) => void;
} {
  const entries: LogEntry[] = [];
  return { entries, log: (message, fields) => entries.push({ message, fields }) };
}

// An installed tfjs-node whose install script never ran fails like this on import.
const brokenNative: ModuleImporter = async (specifier) => {
  if (specifier.startsWith('@tensorflow/tfjs-node')) {
    throw new Error(
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: ' +
        `/app/node_modules/${specifier}/lib/napi-v8/tfjs_binding.node.\nPlease rebuild it.`,
    );
  }
  return import(specifier);
};

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BackendError);
  return error as BackendError;
}

describe('selectBackend', () => {
  it('resolves auto to wasm on this machine', async () => {
    const { entries, log } = recordLog();

    const backend = await selectBackend('auto', log);

    expect(backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.fields.backend).toBe('wasm');
  });

  it('logs why the native backends were skipped', async () => {
    const { entries, log } = recordLog();

    await selectBackend('auto', log);

    expect(entries[0]?.fields.skipped).toEqual([
      { backend: 'tensorflow-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed' },
    ]);
  });

  it('skips a native package that throws on import', async () => {
    const { entries, log } = recordLog();

    const backend = await selectBackend('auto', log, brokenNative);

    expect(backend).toBe('wasm');
    const skipped = entries[0]?.fields.skipped as { reason: string }[];
    expect(skipped[1]?.reason).toMatch(/^@tensorflow\/tfjs-node failed to load: The Node.js/);
    expect(skipped[1]?.reason).not.toContain('\n');
  });

  it('falls back to cpu when wasm fails to load', async () => {
    const onlyCpu: ModuleImporter = async (specifier) => {
      throw new Error(`cannot load ${specifier}`);
    };

    const backend = await selectBackend('auto', undefined, onlyCpu);

    expect(backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('activates a forced cpu backend', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('activates a forced wasm backend', async () => {
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects a forced tensorflow backend with an install hint', async () => {
    const error = await rejection(selectBackend('tensorflow'));

    expect(error.code).toBe('unavailable');
    expect(error.backend).toBe('tensorflow');
    expect(error.message).toContain('@tensorflow/tfjs-node is not installed');
    expect(error.message).toContain('npm install --workspace models @tensorflow/tfjs-node@');
    expect(error.message).toContain('npm approve-scripts @tensorflow/tfjs-node');
  });

  it('rejects a forced tensorflow-gpu backend naming its package', async () => {
    const error = await rejection(selectBackend('tensorflow-gpu'));

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('npm install --workspace models @tensorflow/tfjs-node-gpu@');
  });

  it('rejects a broken forced backend with the load failure', async () => {
    const error = await rejection(selectBackend('tensorflow', undefined, brokenNative));

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('tfjs_binding.node');
  });

  it('keeps the active backend after a forced one fails', async () => {
    await selectBackend('wasm');

    await rejection(selectBackend('tensorflow'));

    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name', async () => {
    const error = await rejection(selectBackend('webgpu' as 'auto'));

    expect(error.code).toBe('unknown');
    expect(error.message).toContain("'webgpu'");
    expect(error.message).toContain('auto, tensorflow-gpu, tensorflow, wasm, cpu');
  });
});
