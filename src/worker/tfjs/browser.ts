// The parts of TensorFlow.js the app bundles for the worker: the core ops with their gradients and chained methods, and the
// CPU backend (the last fallback). WebGPU, WebGL and WASM are registered in backend.ts. Importing this instead
// of the whole @tensorflow/tfjs bundle leaves out layers, the converter and data, which folio does not use.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
