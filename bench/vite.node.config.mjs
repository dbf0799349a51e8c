// Bundles the lab's benchmark (src/lab/benchNode.ts) and everything it imports, tfjs included, into one
// ES module for Node: bench/nodeRuntime.mjs loads it after giving tfjs a navigator.gpu from Dawn.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/lab/benchNode.ts',
    outDir: 'dist-bench-node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'benchNode.mjs' } },
  },
});
