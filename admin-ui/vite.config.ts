import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The API server for `npm run dev` (docs/ui.md): everything under /api and the /ws WebSocket
// is proxied, so the browser sees one origin exactly as in production.
const api = process.env.TRADEPLAN_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  // served by Spring Boot from the classpath at "/": relative asset URLs work at any mount point
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // no inline scripts or styles in index.html, so a strict Content-Security-Policy works
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/ws': { target: api, ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The tests call pure functions of src/lib (no mocks, no stubbed globals, no module state they
    // change), so the files share worker threads and their module cache: a fresh process per file
    // cost ~2.5 s of start-up each on the loaded CI machine (81 s for 32 files, 9 s shared).
    pool: 'threads',
    isolate: false,
  },
});
