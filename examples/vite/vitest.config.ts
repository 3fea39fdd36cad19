// vitest.config.ts
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    // A whole portal rendering in jsdom on a busy CI machine can take a few seconds.
    testTimeout: 20_000,
  },
});
