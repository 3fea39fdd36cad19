// The README's "first test" (examples/vite/src/SupportPage.test.tsx) runs here
// as written: importing it registers its tests in this file, with the
// timeout its vitest.config.ts sets. (A variable specifier keeps the root
// typecheck out of it: examples/tsconfig.json checks it as an app would.)
import { vi } from 'vitest';

vi.setConfig({ testTimeout: 20_000 });
const example = '../../examples/vite/src/SupportPage.test.tsx';
await import(/* @vite-ignore */ example);
