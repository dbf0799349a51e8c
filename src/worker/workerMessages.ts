// What the worker tells a person when something needs their action, in one place.

export const OUT_OF_MEMORY_ADVICE =
  'The GPU ran out of memory. Use a smaller batch size or window length (or a smaller preset), then start again; your checkpoints are safe.';

export const NO_MODEL_TO_GENERATE = 'Train a model or load a checkpoint before generating.';

export function gpuProgramFailed(message: string): string {
  return `A GPU program failed (${message.slice(0, 200)}). Training is paused; turn off “Use fused WebGPU kernels” or choose another backend, then load the last checkpoint.`;
}
