import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The console bundles the workspace packages from their TypeScript sources (the `@hangar/source` export
// condition), so dev mode hot-reloads api-client changes too. `npm run dev -w apps/console` proxies the API
// to a `hangar serve` on 127.0.0.1:8080.
const server = 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { conditions: ['@hangar/source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/api': server,
      '/v1': server,
      '/healthz': server,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
