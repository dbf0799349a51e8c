// The benchmarks' Node entry, bundled by bench/vite.node.config.mjs. bench/nodeRuntime.mjs sets
// globalThis.navigator.gpu (Dawn, from the `webgpu` package) before loading it, so tfjs-backend-webgpu
// registers itself as it does in a browser; then folio's own factory takes its place, so the bench's device asks
// for the limits the app's does (worker/webgpuDevice.ts: Adam binds every weight in one dispatch).
import * as tf from '../worker/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { registerWebGpuBackend } from '../worker/webgpuDevice';

registerWebGpuBackend();

export { runBench } from './benchSuite';
export { budgetCellSettings, budgetSettings, runLearning, learningSettings } from './learning';
export { parseCells, parseMatch } from './cellVariants';

/** Switches tfjs to a backend (webgpu or cpu); returns the backend that is active afterwards. */
export async function useBackend(name: string): Promise<string> {
  await tf.setBackend(name).catch(() => false);
  await tf.ready();
  return tf.getBackend();
}
