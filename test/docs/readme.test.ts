// The README (and docs/mock.md) as an adopter reads them, on GitHub and on
// the npm page: code that is the tested code, links that resolve without the
// repository beside them, one default API URL, the two commands up front.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL } from '../../src/server';
import { DOCS, examplesIn, root } from '../../scripts/docs-examples.mjs';
import { applySizes, sizeDrift } from '../../scripts/readme-sizes.mjs';

const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');
const readme = read('README.md');
const pkg = JSON.parse(read('package.json')) as {
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  files: string[];
  peerDependencies: Record<string, string>;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
};
const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const slug = new URL(repo).pathname.slice(1);

/** GitHub's heading anchors. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

describe('README.md', () => {
  it('package.json names the repository, homepage and issue tracker the npm page links to', () => {
    expect(repo).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
  });

  it('has no relative links or images (they break on the npm page); repository links point at files that exist', () => {
    const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      expect(link, link).toMatch(/^(https?:\/\/|#|mailto:)/);
      const inRepo = link.startsWith(`${repo}/blob/main/`)
        ? link.slice(`${repo}/blob/main/`.length)
        : link.startsWith(`https://raw.githubusercontent.com/${slug}/main/`)
          ? link.slice(`https://raw.githubusercontent.com/${slug}/main/`.length)
          : null;
      if (inRepo !== null) expect(existsSync(`${root}/${inRepo.split('#')[0]}`), link).toBe(true);
      else if (/github(usercontent)?\.com/.test(link)) expect(link, 'a GitHub link to another repository').toMatch(new RegExp(`^${repo}(/|$)`));
    }
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images.filter((src) => src.startsWith(`https://raw.githubusercontent.com/${slug}/main/docs/screenshots/`))).toHaveLength(7);
  });

  it('every #anchor link lands on a heading', () => {
    const anchors = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)));
    const targets = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(15);
    for (const target of targets) expect(anchors, `#${target}`).toContain(target);
  });

  it('shows the two commands (demo and tests) in its first screenful', () => {
    const top = readme.split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm install && npm run demo');
    expect(top).toMatch(/^npm test\b/m);
  });

  it('leads with what an adopter needs: install, quick starts, mock, theming, API, testing; contributing last', () => {
    const order = ['## Install', '## Quick start: Next.js', '## Quick start: Vite', '## Backend: Express', '## Local development with the mock', '## Theming and customising', '## Components', '## Hooks', '## The server helper', '## Testing your integration', '## Supported versions', '## Contributing'];
    const positions = order.map((h) => readme.indexOf(`\n${h}`));
    for (const [i, p] of positions.entries()) expect(p, order[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('names one default API base URL, the one the client and server helper use', () => {
    const hosts = new Set([...readme.matchAll(/https:\/\/[\w.-]+\/v1\b/g)].map((m) => m[0]));
    expect([...hosts]).toEqual([DEFAULT_BASE_URL]);
    // Nowhere in the shipped docs or sources is another host offered as a default.
    const sources = (dir: string): string[] =>
      readdirSync(`${root}/${dir}`, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(`${dir}/${e.name}`) : /\.(ts|tsx|md)$/.test(e.name) ? [`${dir}/${e.name}`] : [],
      );
    for (const file of [...sources('src'), 'docs/mock.md', 'README.md']) {
      const text = read(file);
      expect(text, file).not.toContain('api.dispatchtickets.com');
      for (const m of text.matchAll(/@default\s+'(https:[^']+)'/g)) expect(m[1], file).toBe(DEFAULT_BASE_URL);
    }
  });

  it('links the mock documentation, which ships in the package', () => {
    expect(readme).toContain(`${repo}/blob/main/docs/mock.md`);
    expect(readme).toContain('node_modules/@dispatchtickets/react/docs/mock.md');
    expect(pkg.files).toContain('docs/*.md');
    expect(existsSync(`${root}/docs/mock.md`)).toBe(true);
    expect(readme).toContain('npx @dispatchtickets/react mock');
    expect(Object.keys(pkg.bin)).toEqual(['dispatchtickets']); // one bin, so `npx @dispatchtickets/react <command>` finds it
  });

  it('states the supported version of every peer dependency as package.json declares it', () => {
    const table = readme.slice(readme.indexOf('## Supported versions'), readme.indexOf('## Security'));
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      expect(table, name).toContain(`\`${name}\``);
      expect(table.replace(/\\\|/g, '|'), `${name} ${range}`).toContain(range);
    }
    expect(table).toMatch(/msw 3 needs Node 22/);
    expect(table).toMatch(/vitest@4 jsdom@29/);
  });
});

describe('code in the docs is the tested code', () => {
  for (const doc of DOCS) {
    it(`${doc}: every marked block equals its examples/ file`, () => {
      const examples = examplesIn(read(doc));
      if (doc === 'README.md') expect(examples.length).toBeGreaterThanOrEqual(10);
      for (const { path, block, file } of examples) expect(block, `${doc} → ${path} (node scripts/docs-examples.mjs --write)`).toBe(file);
    });
  }

  it('README: every TypeScript block is either an example file or marked as an excerpt', () => {
    // `snippet:` blocks are the gateway's, extracted, type-checked and run by test/server/gateway/readme.test.ts.
    const blocks = [...readme.matchAll(/(<!-- (?:example: \S+|snippet: \S+|excerpt) -->\n)?```(ts|tsx)\n/g)];
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) expect(block[1], `an unmarked \`\`\`${block[2]} block at offset ${block.index}`).toBeDefined();
  });

  it('sendMagicLink’s documented example is the tested magic-link route', () => {
    const source = read('src/server/sendMagicLink.ts');
    const doc = source.slice(source.lastIndexOf('/**', source.indexOf('export async function sendMagicLink')));
    const example = doc.slice(doc.indexOf('@example\n') + '@example\n'.length, doc.indexOf('*/'));
    const code = example.split('\n').map((line) => line.replace(/^ \* ?/, '')).join('\n').trim();
    expect(code).toBe(read('examples/next/app/api/support/magic-link/route.ts').trim());
  });
});

describe('size figures in the README', () => {
  const figures = {
    kit: { gzip: 52_224, budget: 61_440 },
    markdown: { gzip: 11 },
    styled: { gzip: 1 },
    headless: { gzip: 2048 },
    css: { gzip: 3 },
    server: { gzip: 4 },
    gateway: { gzip: 7 },
    dispatchAdmin: { gzip: 8 },
    switchLabs: { gzip: 9 },
    answerPal: { gzip: 10 },
    de: { gzip: 5 },
    ar: { gzip: 6 },
  };

  it('are all marked for `npm run size` to write (none typed by hand)', () => {
    expect(readme).toMatch(/<!-- size:kit -->[\d.]+ KB<!-- \/size -->/);
    expect(readme).toMatch(/<!-- size:table -->\n\| Entry \| min\+gzip \| Budget \|/);
    const unmarked = readme.replace(/<!-- size:[\s\S]*?<!-- \/size(:table)? -->/g, '').match(/\b\d+(\.\d+)? KB\b/g);
    expect(unmarked).toBeNull();
  });

  it('drift is reported figure by figure, and writing them makes the check pass', () => {
    const drift = sizeDrift(readme, figures);
    expect(drift.map((d) => d.key)).toEqual(expect.arrayContaining(['kit', 'table']));
    expect(drift.find((d) => d.key === 'kit')?.measured).toBe('51.0 KB');
    const written = applySizes(readme, figures);
    expect(written).toContain('<!-- size:kit -->51.0 KB<!-- /size -->');
    expect(written).toContain('| `SupportPortal` + `PortalProvider` (the drop-in kit) | 51.0 KB | 60 KB |');
    expect(sizeDrift(written, figures)).toEqual([]);
  });
});
