/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` (from the repository root) serves the app with hot reload and sends /api to a running
// service (`npm start`, port 8010 unless DEV_API_URL says otherwise). `npm run build` writes dist/, which the
// service serves at / in every other case.
const apiUrl = process.env['DEV_API_URL'] ?? 'http://127.0.0.1:8010';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: apiUrl, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The chart library is large and only the product page needs it: it gets its own chunk.
    chunkSizeWarningLimit: 1200,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
