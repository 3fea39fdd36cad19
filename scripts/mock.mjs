// `npm run mock [-- options]`: the package's `dispatchtickets mock` command,
// bundled from source with esbuild (Node 20 cannot run .ts) into
// node_modules/.cache/dispatchtickets-mock/ and run in this process.
// Options: `npm run mock -- --help`. Env: PORT, HOST, TOKEN_TTL_SECONDS, MOCK_PORTAL_ORIGINS, MOCK_ALLOW_LOCALHOST=0.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the CLI bundle and returns its path; run it as `node <path> mock` (the demo does). */
export async function buildMockCli() {
  const outfile = join(root, 'node_modules/.cache/dispatchtickets-mock/cli.mjs');
  await build({
    entryPoints: [join(root, 'src/bin/dispatchtickets.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outfile = await buildMockCli();
  process.argv.splice(2, 0, 'mock');
  await import(pathToFileURL(outfile).href);
}
