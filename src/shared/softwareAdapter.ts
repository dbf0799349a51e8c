// Whether WebGPU runs on the processor: a CPU implementation of a GPU API (Chrome's SwiftShader, Mesa's
// lavapipe and llvmpipe, or any adapter the browser itself calls a fallback adapter). Training there is far
// slower than on a GPU, and the page says so with what to try.

/** What an adapter says about itself (GPUAdapterInfo; isFallbackAdapter is newer, older browsers lack it). */
export interface AdapterDescription {
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

/** CPU implementations by the word their adapter info carries, with the name users see. */
const CPU_IMPLEMENTATIONS = [
  ['swiftshader', 'SwiftShader'],
  ['lavapipe', 'lavapipe'],
  ['llvmpipe', 'llvmpipe'],
] as const;

/** The CPU implementation behind this adapter ("SwiftShader", "a fallback adapter"), or null for a GPU. */
export function softwareAdapterName(info: AdapterDescription): string | null {
  const words = [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
  const known = CPU_IMPLEMENTATIONS.find(([word]) => words.includes(word));
  if (known) return known[1];
  return info.isFallbackAdapter === true ? 'a fallback adapter' : null;
}

/** The status panel's and the Run plan's sentence on a software adapter. */
export function softwareAdapterWords(name: string): string {
  return (
    `WebGPU runs on the processor here (${name}), not on a GPU, so training is much slower than on a GPU. ` +
    'To train on a GPU, try another browser, switch on the browser’s GPU use (hardware acceleration, or a ' +
    'flag such as chrome://flags “Override software rendering list”), or install or update the GPU driver.'
  );
}
