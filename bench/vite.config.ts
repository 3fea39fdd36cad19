// Production build of the benchmark page (scripts/bench.mjs serves and drives it).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: '../node_modules/.cache/dt-bench', emptyOutDir: true, minify: true, sourcemap: false },
});
