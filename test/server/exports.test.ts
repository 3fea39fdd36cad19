import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as server from '../../src/server';

const dir = fileURLToPath(new URL('../../src/server/', import.meta.url));
const sources = ['', 'gateway/', 'adapters/dispatchAdmin/'].flatMap((sub) =>
  readdirSync(`${dir}${sub}`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${sub}${f}`, text: readFileSync(`${dir}${sub}${f}`, 'utf8') })),
);
/** Code only: JSDoc examples may mention `process.env` and `console`. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

describe('@dispatchtickets/react/server', () => {
  it('exports the public API', () => {
    expect(Object.keys(server).sort()).toEqual([
      'BackendError',
      'BlobTooLargeError',
      'DEFAULT_BASE_URL',
      'GatewayConfigError',
      'PortalTokenError',
      'answerPal',
      'createPortalGateway',
      'createPortalTokenHandler',
      'createUpstream',
      'diskBlobStore',
      'dispatchAdmin',
      'isBackendError',
      'isPortalTokenError',
      'issuePortalToken',
      'memoryBlobStore',
      'memoryStore',
      'multipartFile',
      'redisStore',
      'retryAfterSeconds',
      'sendMagicLink',
      'switchLabs',
      'toNodeHandler',
    ]);
  });

  it('stays edge-safe: no node:* (or other runtime-specific) imports', () => {
    expect(sources.length).toBeGreaterThan(3);
    for (const { file, text } of sources) {
      // Type-only imports vanish at build time; the disk store's dynamic imports run only when used.
      expect(code(text).replace(/^import type .*$/gm, ''), file).not.toMatch(/from ['"](node:|fs|http|crypto|path|buffer|redis)/);
      expect(code(text), file).not.toMatch(/\bprocess\.|\bBuffer\b|require\(/);
    }
  });

  it('never logs', () => {
    for (const { file, text } of sources) expect(code(text), file).not.toMatch(/\bconsole\b/);
  });
});
