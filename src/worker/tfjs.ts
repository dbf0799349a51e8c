// The one door to TensorFlow.js for the worker and the lab. package.json's "imports" picks tfjs/browser.ts
// (core, gradients, chained ops, CPU backend: what the app bundles) or, under Node, tfjs/node.ts.
export * from '#tfjs';
