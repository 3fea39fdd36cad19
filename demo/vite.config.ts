import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
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
  { find: /^@dispatchtickets\/react\/mock\/node$/, replacement: `${src}mock/node.ts` },
  { find: /^@dispatchtickets\/react\/mock\/(switchlabs|answerpal)$/, replacement: `${src}mock/$1/index.ts` },
  { find: /^@dispatchtickets\/react\/styles\.css$/, replacement: `${src}styles/index.css` },
  { find: /^@dispatchtickets\/react\/locales\/([a-z-]+)$/, replacement: `${src}i18n/locales/$1.ts` },
];

/**
 * The demo's backend (demo/server/api.ts) as middleware of both the dev and
 * the preview server, so one command serves the app and its API.
 */
const apiBaseUrl = process.env.DEMO_API_URL ?? 'http://localhost:4010/v1';
/** Ports of the Switch Labs and AnswerPal mocks the demo server starts (default: free ones). */
const port = (value: string | undefined) => (value ? Number(value) : undefined);
const helpdeskPorts = { switchLabs: port(process.env.DEMO_SWITCHLABS_PORT), answerPal: port(process.env.DEMO_ANSWERPAL_PORT) };
/** How long the Dispatch gateway reuses the brand's statuses and ticket form, ms (default: the gateway's 5 minutes). */
const gatewayConfigTtlMs = port(process.env.DEMO_GATEWAY_CONFIG_TTL_MS);

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
  /**
   * Where emailed sign-in links point: DEMO_PUBLIC_ORIGIN, else the port this
   * server really listens on. Known from configuration, never from a request's
   * Host header (which the sender controls).
   */
  let publicOrigin = process.env.DEMO_PUBLIC_ORIGIN;
  const learnOrigin = (httpServer: Server | null | undefined) =>
    httpServer?.once('listening', () => {
      publicOrigin ??= `http://localhost:${(httpServer.address() as AddressInfo).port}`;
    });
  // Through Vite's module runner (not a plain import) so the aliases above apply to server code too.
  const load = () =>
    (loading ??= runnerImport<{ createDemoApi: typeof createDemoApi }>(here('./server/api.ts'), {
      configFile: false,
      logLevel: 'warn',
      resolve: { alias },
    })
      .then(({ module }) => {
        if (!publicOrigin) throw new Error('demo: the public origin is not known yet (the server is not listening)');
        return module.createDemoApi({ apiBaseUrl, publicOrigin, helpdeskPorts, gatewayConfigTtlMs }) as Connect.NextHandleFunction;
      })
      .catch((error: unknown) => {
        loading = undefined; // try again on the next request
        throw error;
      }));
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    // The sign-in link page carries a single-use token in its URL: no request it
    // makes (scripts, styles, the API) may send that URL on as a Referer.
    if (/^\/magic(\?|$)/.test(req.url ?? '')) res.setHeader('Referrer-Policy', 'no-referrer');
    if (!req.url?.startsWith('/api/')) return next();
    load().then((api) => api(req, res, next), next);
  };
  return {
    name: 'acme-demo-api',
    configureServer: (server) => {
      learnOrigin(server.httpServer as Server | null);
      server.middlewares.use(middleware);
    },
    configurePreviewServer: (server) => {
      learnOrigin(server.httpServer as Server);
      server.middlewares.use(middleware);
    },
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
