// Keeps the code in README.md and docs/*.md identical to the files under
// examples/ (which are type-checked, run by tests and built in fresh apps):
// a fenced block right after `<!-- example: examples/… -->` must equal that
// file. `node scripts/docs-examples.mjs` checks; `--write` copies the files in.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DOCS = ['README.md', 'docs/mock.md'];

const MARKER = /<!-- example: (\S+) -->\n(```[\w-]*\n)([\s\S]*?)```/g;

/** Every example a document includes, with the block as written and the file as it is. */
export function examplesIn(markdown) {
  return [...markdown.matchAll(MARKER)].map(([, path, , block]) => ({ path, block, file: readFileSync(join(root, path), 'utf8') }));
}

/** The document with each marked block replaced by its file. */
export function withExamples(markdown) {
  return markdown.replace(MARKER, (_m, path, fence) => `<!-- example: ${path} -->\n${fence}${readFileSync(join(root, path), 'utf8')}\`\`\``);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let stale = 0;
  for (const doc of DOCS) {
    const text = readFileSync(join(root, doc), 'utf8');
    const next = withExamples(text);
    if (next === text) continue;
    if (process.argv.includes('--write')) {
      writeFileSync(join(root, doc), next);
      console.log(`docs-examples: ${doc} updated`);
    } else {
      stale += 1;
      console.error(`docs-examples: ${doc} shows code that differs from its examples/ files (run node scripts/docs-examples.mjs --write)`);
    }
  }
  process.exit(stale ? 1 : 0);
}
