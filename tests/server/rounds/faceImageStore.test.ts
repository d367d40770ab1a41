import { describe, expect, it } from 'vitest';

import { FaceImageStore } from '../../../server/src/rounds/faceImageStore.ts';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

describe('FaceImageStore', () => {
  it('returns what was added', () => {
    const store = new FaceImageStore();
    store.add('a', jpeg);
    expect(store.get('a')).toBe(jpeg);
  });

  it('forgets deleted images', () => {
    const store = new FaceImageStore();
    store.add('a', jpeg);
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('drops the oldest image past capacity', () => {
    const store = new FaceImageStore(2);
    store.add('a', jpeg);
    store.add('b', jpeg);
    store.add('c', jpeg);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBe(jpeg);
    expect(store.get('c')).toBe(jpeg);
    expect(store.size).toBe(2);
  });
});
