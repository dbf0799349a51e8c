// TensorFlow.js for code of the worker that runs under Node's own module loader (Playwright's e2e helpers
// replay a saved checkpoint on the CPU): the deep imports browser.ts makes are ES modules Node cannot load, so
// Node gets the whole package, which registers the same gradients, chained ops and CPU backend.
export * from '@tensorflow/tfjs';
