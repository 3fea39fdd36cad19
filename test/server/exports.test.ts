import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as server from '../../src/server';

const dir = fileURLToPath(new URL('../../src/server/', import.meta.url));
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(`${dir}${f}`, 'utf8') }));
/** Code only: JSDoc examples may mention `process.env` and `console`. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

describe('@dispatchtickets/react/server', () => {
  it('exports the public API', () => {
    expect(Object.keys(server).sort()).toEqual([
      'DEFAULT_BASE_URL',
      'PortalTokenError',
      'answerPal',
      'createPortalTokenHandler',
      'isPortalTokenError',
      'issuePortalToken',
      'sendMagicLink',
      'switchLabs',
      'toNodeHandler',
    ]);
  });

  it('stays edge-safe: no node:* (or other runtime-specific) imports', () => {
    expect(sources.length).toBeGreaterThan(3);
    for (const { file, text } of sources) {
      expect(code(text), file).not.toMatch(/from ['"](node:|fs|http|crypto|path|buffer)/);
      expect(code(text), file).not.toMatch(/\bprocess\.|\bBuffer\b|require\(/);
    }
  });

  it('never logs', () => {
    for (const { file, text } of sources) expect(code(text), file).not.toMatch(/\bconsole\b/);
  });
});
