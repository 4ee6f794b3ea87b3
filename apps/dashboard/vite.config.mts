import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The analysts' dashboard: a static build served by the api under /dashboard/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  resolve: { alias: { '@mb/vocabulary': fileURLToPath(new URL('../../libs/vocabulary/src/index.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
