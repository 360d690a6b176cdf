// Component and unit tests of the web app (jsdom + Testing Library); `npx nx test web`.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: {
      '@exchange/shared-domain-money': fileURLToPath(
        new URL('../../libs/shared/domain-money/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/budget/*.test.ts'],
    setupFiles: ['./src/test-setup.ts'],
    testTimeout: 120_000,
  },
});
