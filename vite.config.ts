/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

/**
 * Library build: one ES module per source module (`preserveModules`) so each
 * file keeps its own `"use client"` directive. A bundled entry would mark the
 * framework-free client and query factories as client-only for Next.js.
 */
const external = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^@tanstack\//,
  /^@radix-ui\//,
  'react-dropzone',
  'markdown-it',
  /^hono($|\/)/,
  /^@hono\//,
  /^msw($|\/)/,
  /^@testing-library\//,
  /^node:/,
  /^jose($|\/)/,
  'redis',
];

const browser = (name: string) => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
  // Instance names must be unique across projects.
  instances: [{ browser: 'chromium' as const, name: `${name}-chromium` }],
  screenshotFailures: false,
});

/**
 * The package's public names, mapped to the sources, so tests (and the
 * README's examples they run) import the kit exactly as an app does.
 */
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));
const selfAlias = [
  { find: /^@dispatchtickets\/react$/, replacement: src('index.ts') },
  { find: /^@dispatchtickets\/react\/(headless)$/, replacement: src('$1.ts') },
  { find: /^@dispatchtickets\/react\/(server|mock)$/, replacement: src('$1/index.ts') },
  { find: /^@dispatchtickets\/react\/mock\/(node|msw)$/, replacement: src('mock/$1.ts') },
  { find: /^@dispatchtickets\/react\/(mock\/answerpal|mock\/switchlabs|server\/testing)$/, replacement: src('$1/index.ts') },
  { find: /^@dispatchtickets\/react\/testing$/, replacement: src('testing/index.tsx') },
  { find: /^@dispatchtickets\/react\/styles\.css$/, replacement: src('styles/index.css') },
  { find: /^@dispatchtickets\/react\/locales\/([a-z-]+)$/, replacement: src('i18n/locales/$1.ts') },
  // The Next.js example's `@/auth` (create-next-app's `@/*` path alias).
  { find: /^@\/auth$/, replacement: fileURLToPath(new URL('./examples/next/auth.ts', import.meta.url)) },
];

export default defineConfig({
  plugins: [react()],
  resolve: { alias: selfAlias },
  // Pre-bundled up front: a dependency discovered mid-run makes Vite reload
  // the browser test page, which fails the tests running in it.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      '@radix-ui/react-dialog',
      'react-dropzone',
      'markdown-it',
      'hono',
      'hono/cors',
      'msw',
      'msw/browser',
      'msw-storybook-addon/csf3',
      'axe-core',
      'vitest-browser-react',
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    copyPublicDir: false,
    sourcemap: false,
    minify: false,
    target: 'es2022',
    lib: {
      entry: {
        index: 'src/index.ts',
        headless: 'src/headless.ts',
        'server/index': 'src/server/index.ts',
        'server/testing/index': 'src/server/testing/index.ts',
        'mock/index': 'src/mock/index.ts',
        'mock/msw': 'src/mock/msw.ts',
        'mock/node': 'src/mock/node.ts',
        'mock/switchlabs/index': 'src/mock/switchlabs/index.ts',
        'mock/answerpal/index': 'src/mock/answerpal/index.ts',
        'testing/index': 'src/testing/index.tsx',
        // Locales are their own entries so unused ones add no bytes.
        'i18n/locales/de': 'src/i18n/locales/de.ts',
        'i18n/locales/ar': 'src/i18n/locales/ar.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
      },
      onwarn(warning, warn) {
        // preserveModules keeps the directives; rolldown warns regardless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    // A guard against hangs, not a speed check: CI has 2 cores shared by jsdom,
    // Chromium and real servers, where a test that takes 1 s alone can take 5.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts', 'test/e2e/**'],
          setupFiles: ['test/setup/node.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx'],
          exclude: ['test/**/*.browser.test.tsx', 'test/e2e/**'],
          setupFiles: ['test/setup/dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts', 'test/**/*.browser.test.tsx'],
          setupFiles: ['test/setup/browser.ts'],
          globalSetup: ['test/setup/mock-server.ts'],
          browser: browser('browser'),
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          setupFiles: ['test/setup/storybook.ts'],
          browser: browser('storybook'),
        },
      },
    ],
  },
} satisfies UserConfig);
