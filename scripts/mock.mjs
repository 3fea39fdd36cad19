// `npm run mock`: bundle src/mock/cli.ts with esbuild (Node 20 cannot run .ts)
// into node_modules/.cache/dispatchtickets-mock/ and run it in this process.
// Env: PORT (4010), HOST, TOKEN_TTL_SECONDS, MOCK_PORTAL_ORIGINS, MOCK_ALLOW_LOCALHOST.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the CLI bundle and returns its path (reused by other scripts, e.g. the demo). */
export async function buildMockCli() {
  const outfile = join(root, 'node_modules/.cache/dispatchtickets-mock/cli.mjs');
  await build({
    entryPoints: [join(root, 'src/mock/cli.ts')],
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
  await import(pathToFileURL(outfile).href);
}
