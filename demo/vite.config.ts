import { fileURLToPath } from 'node:url';
import { defineConfig, runnerImport, type Alias, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import type { createDemoApi } from './server/api';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const src = here('../src/');

/**
 * The package's public entry points, mapped to its sources so the demo runs
 * without a library build. The demo imports them exactly as your app would.
 */
const alias: Alias[] = [
  { find: /^@dispatchtickets\/react$/, replacement: `${src}index.ts` },
  { find: /^@dispatchtickets\/react\/server$/, replacement: `${src}server/index.ts` },
  { find: /^@dispatchtickets\/react\/styles\.css$/, replacement: `${src}styles/index.css` },
  { find: /^@dispatchtickets\/react\/locales\/([a-z-]+)$/, replacement: `${src}i18n/locales/$1.ts` },
];

/**
 * The demo's backend (demo/server/api.ts) as middleware of both the dev and
 * the preview server, so one command serves the app and its API.
 */
const apiBaseUrl = process.env.DEMO_API_URL ?? 'http://localhost:4010/v1';

/**
 * A strict Content-Security-Policy for the built demo (preview), proving the
 * kit needs no inline scripts or styles (test/e2e/csp.spec.ts). The dev
 * server goes without: Vite's hot reload injects inline code.
 */
const api = new URL(apiBaseUrl).origin;
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob: ${api}`,
  `connect-src 'self' ${api}`,
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function demoApi(): Plugin {
  let loading: Promise<Connect.NextHandleFunction> | undefined;
  // Through Vite's module runner (not a plain import) so the aliases above apply to server code too.
  const load = () =>
    (loading ??= runnerImport<{ createDemoApi: typeof createDemoApi }>(here('./server/api.ts'), {
      configFile: false,
      logLevel: 'warn',
      resolve: { alias },
    })
      .then(({ module }) => module.createDemoApi({ apiBaseUrl }) as Connect.NextHandleFunction)
      .catch((error: unknown) => {
        loading = undefined; // try again on the next request
        throw error;
      }));
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (!req.url?.startsWith('/api/')) return next();
    load().then((api) => api(req, res, next), next);
  };
  return {
    name: 'acme-demo-api',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  root: here('.'),
  plugins: [react(), demoApi()],
  resolve: { alias },
  cacheDir: here('../node_modules/.vite-demo'),
  // Pre-bundled up front, so the first visit on a fresh clone doesn't reload mid-way.
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      '@radix-ui/react-dialog',
      'react-dropzone',
    ],
  },
  build: { outDir: here('dist'), emptyOutDir: true },
  server: { port: 5173 },
  preview: { port: 4173, headers: { 'Content-Security-Policy': csp } },
  logLevel: 'warn',
});
