import { describe, expect, it } from 'vitest';
import { softwareAdapterName, softwareAdapterWords } from './softwareAdapter';

describe('softwareAdapterName', () => {
  it('names the CPU implementations by their adapter info', () => {
    // headless Chromium here; Chrome on a machine without a usable GPU driver reports the description only
    expect(softwareAdapterName({ vendor: 'google', architecture: 'swiftshader', description: '' })).toBe('SwiftShader');
    expect(
      softwareAdapterName({ vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' }),
    ).toBe('SwiftShader');
    expect(softwareAdapterName({ vendor: 'mesa', description: 'llvmpipe (LLVM 19.1.7, 256 bits)' })).toBe('llvmpipe');
    expect(softwareAdapterName({ vendor: 'mesa', device: 'lavapipe' })).toBe('lavapipe');
  });

  it('takes the browser’s word for a fallback adapter (Firefox on lavapipe reports no names)', () => {
    expect(softwareAdapterName({ isFallbackAdapter: true, vendor: '', architecture: '', description: '' })).toBe(
      'a fallback adapter',
    );
  });

  it('never calls a hardware adapter a software one', () => {
    const hardware = [
      { isFallbackAdapter: false, vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' },
      { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' },
      { vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) Iris(R) Xe Graphics' },
      { vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' },
      { vendor: 'qualcomm', architecture: 'adreno-7xx', device: '', description: '' },
      { vendor: 'arm', architecture: 'valhall', description: 'Mali-G710' },
      {},
    ];
    for (const info of hardware) expect(softwareAdapterName(info), JSON.stringify(info)).toBeNull();
  });

  it('says it runs on the processor, slower than a GPU, and what to try', () => {
    const words = softwareAdapterWords('lavapipe');
    expect(words).toContain('WebGPU runs on the processor here (lavapipe)');
    expect(words).toMatch(/slower than on a GPU/);
    expect(words).toMatch(/another browser/);
    expect(words).toMatch(/flag/);
    expect(words).toMatch(/GPU driver/);
  });
});
