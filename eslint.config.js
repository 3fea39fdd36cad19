import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

/** Layering from the house style, enforced so nobody has to remember it. */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message })) }],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'storybook-static/**',
      'node_modules/**',
      'public/mockServiceWorker.js',
      'demo/dist/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.tsx', 'src/hooks/**', 'src/provider/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['**/*.tsx'], ...jsxA11y.flatConfigs.strict },
  // Layering.
  layer(
    ['src/client/**'],
    [['react', 'react-*', 'react/*', '@tanstack/*', '**/queries/**', '**/provider/**', '**/hooks/**', '**/components/**', '**/i18n/**', '**/mock/**', '**/server/**']],
    'client/ is framework-free: it imports nothing but its own files.',
  ),
  layer(
    ['src/queries/**'],
    [['react', 'react-dom', '**/provider/**', '**/hooks/**', '**/components/**', '**/mock/**', '**/server/**']],
    'queries/ builds on client/ only.',
  ),
  layer(
    ['src/provider/**', 'src/hooks/**'],
    [['**/components/**', '**/mock/**', '**/server/**', '*.css']],
    'provider/ and hooks/ are headless: no components, CSS, mock or server.',
  ),
  {
    // Types from client/ are fine; runtime imports are not.
    files: ['src/components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The API's limits are plain constants, shared by every layer.
              regex: '(^|/)client(/(?!limits$).*)?$',
              allowTypeImports: true,
              message: 'Components use hooks, never the client (or fetch) directly.',
            },
            { group: ['**/mock/**', '**/server/**'], message: 'Components never import mock/ or server/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Components use hooks, never fetch directly.' }],
    },
  },
  layer(
    ['src/headless.ts'],
    [['**/components/**', '*.css']],
    'The headless entry never reaches components or CSS.',
  ),
  layer(
    ['src/i18n/**', 'src/index.ts', 'src/headless.ts'],
    [['**/mock/**', '**/server/**', '**/testing/**']],
    'Nothing in src/ imports mock/, server/ or testing/ except their own entries.',
  ),
  // testing/ is the one place where React meets the mock: it renders the headless
  // provider against a mock server for adopters' component tests. mock/ itself
  // stays React-free (it also runs as a plain server); testing/ still never
  // reaches styled components, CSS or the server helper.
  layer(
    ['src/testing/**'],
    [['**/components/**', '**/server/**', '*.css', '../index', '../headless']],
    'testing/ wires provider, queries and mock only: no components, CSS or server/.',
  ),
  layer(
    ['src/server/**'],
    [['react', 'react-*', '**/components/**', '**/hooks/**', '**/provider/**', '**/mock/**']],
    'server/ runs on the host backend: no React, no browser code.',
  ),
  layer(
    ['src/mock/**'],
    [['react', 'react-*', '**/components/**', '**/hooks/**', '**/provider/**', '**/server/**']],
    'mock/ is a server: no React.',
  ),
  {
    // Tests and tools may log.
    files: ['scripts/**', 'test/**', 'demo/server/**', 'src/mock/node.ts', '.ci/**', 'examples/**'],
    rules: { 'no-console': 'off' },
  },
);
