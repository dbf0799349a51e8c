import { describe, expect, it } from 'vitest';
import { memoryBackend } from './keyValue';
import { SpeedStore } from './speedStore';

describe('SpeedStore', () => {
  it('keeps speeds per device and merges new ones in', async () => {
    const store = new SpeedStore(memoryBackend());
    expect(await store.get('webgpu/fused/a')).toEqual({});
    await store.add('webgpu/fused/a', { 'gru32x1-e16-b8-t16-v96': 2500 });
    await store.add('webgpu/fused/a', { 'gru64x1-e32-b16-t32-v96': 1200, 'gru32x1-e16-b8-t16-v96': 2600 });
    expect(await store.get('webgpu/fused/a')).toEqual({
      'gru32x1-e16-b8-t16-v96': 2600,
      'gru64x1-e32-b16-t32-v96': 1200,
    });
    expect(await store.get('webgpu/reference/a')).toEqual({});
  });

  it('ignores a damaged entry instead of planning with it', async () => {
    const backend = memoryBackend();
    await backend.set('d', { x: 'fast' });
    const store = new SpeedStore(backend);
    expect(await store.get('d')).toEqual({});
    await store.add('d', { y: 10 });
    expect(await store.get('d')).toEqual({ y: 10 });
  });
});
