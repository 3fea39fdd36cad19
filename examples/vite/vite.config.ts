// vite.config.ts
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // In development, /api goes to your backend (the Express example listens on 3001).
  server: { proxy: { '/api': 'http://localhost:3001' } },
});
