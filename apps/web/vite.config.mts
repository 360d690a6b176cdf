// Builds the trader web app into dist/apps/web (served by the gateway locally, by S3 + CloudFront in production).
// The dev server proxies the API and the WebSocket streams to a running gateway, so the app always uses relative URLs.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  resolve: {
    alias: {
      '@exchange/shared-domain-money': fileURLToPath(
        new URL('../../libs/shared/domain-money/src/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    port: 4200,
    proxy: {
      '/api': gateway,
      '/sapi': gateway,
      '/health': gateway,
      '/ws': { target: gateway, ws: true },
      '/stream': { target: gateway, ws: true },
    },
  },
});
