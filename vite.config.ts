import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The production page may load only its own scripts, workers and styles, compile WebAssembly (the WASM
// backend), and fetch the Tiny Shakespeare corpus. The dev server needs inline scripts for hot reload, so
// the policy is added to built pages only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self' https://storage.googleapis.com",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'folio-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Offline after the first visit: a Workbox service worker precaches the app shell, the worker bundle and
// the WASM files (the corpus is cached by the app itself, in IndexedDB). A new version installs in the
// background and takes over on the next visit. The lab page is not precached.
const offline = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script', // a file, not an inline script: the Content-Security-Policy allows only 'self'
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico}'],
    globIgnores: ['**/lab-*.js', 'lab.html'],
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024, // the worker bundle (tfjs) is ~2.3 MB
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/lab/],
    cleanupOutdatedCaches: true,
    clientsClaim: true, // the first visit is controlled at once, so it works offline without a second load
    skipWaiting: true,
  },
});

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offline],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { main: 'index.html', lab: 'lab.html' } },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
