// The README's size figures come from `npm run size`, never by hand: inline
// figures are `<!-- size:KEY -->51.9 KB<!-- /size -->`, the table sits between
// `<!-- size:table -->` and `<!-- /size:table -->`. `npm run size` fails when
// they drift; `npm run size -- --write` rewrites them.

/** The table's rows, in order: entry keys from scripts/size.mjs and what to call them. */
export const TABLE = [
  { keys: ['kit'], label: '`SupportPortal` + `PortalProvider` (the drop-in kit)' },
  { keys: ['markdown'], label: '+ markdown engine, on demand (the first markdown body shown)' },
  { keys: ['styled'], label: 'Everything in the main entry (adds `NewTicketDialog`, on Radix Dialog)' },
  { keys: ['headless'], label: 'Headless entry, everything, react-query included' },
  { keys: ['css'], label: '`styles.css`' },
  { keys: ['server'], label: 'Server token helpers (`/server`, direct mode)' },
  { keys: ['gateway'], label: 'Portal gateway (`createPortalGateway`, host backend only)' },
  { keys: ['dispatchAdmin', 'switchLabs', 'answerPal'], label: 'Gateway adapters: `dispatchAdmin`, `switchLabs`, `answerPal`' },
  { keys: ['de', 'ar'], label: '`locales/de`, `locales/ar`' },
];

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const budgetOf = (bytes) => (bytes === undefined ? '—' : `${Math.round(bytes / 1024)} KB`);

/** The README with every marked figure set from `figures` (`{ key: { gzip, budget? } }`). */
export function applySizes(readme, figures) {
  const figure = (key) => {
    const f = figures[key];
    if (!f) throw new Error(`README.md names size "${key}", which npm run size does not measure`);
    return f;
  };
  const table = [
    '| Entry | min+gzip | Budget |',
    '|---|---|---|',
    ...TABLE.map(({ keys, label }) => {
      const fs = keys.map(figure);
      const budgets = fs.every((f) => f.budget === undefined) ? '—' : fs.map((f) => budgetOf(f.budget)).join(', ');
      return `| ${label} | ${fs.map((f) => kb(f.gzip)).join(', ')} | ${budgets} |`;
    }),
  ].join('\n');
  return readme
    .replace(/<!-- size:table -->[\s\S]*?<!-- \/size:table -->/g, `<!-- size:table -->\n${table}\n<!-- /size:table -->`)
    .replace(/<!-- size:([\w-]+) -->[^<]*<!-- \/size -->/g, (_m, key) => `<!-- size:${key} -->${kb(figure(key).gzip)}<!-- /size -->`);
}

const MARKED = /<!-- size:([\w-]+) -->([\s\S]*?)<!-- \/size(?::table)? -->/g;

/** Each marked figure (or the table) whose text differs from `figures`; empty when up to date. */
export function sizeDrift(readme, figures) {
  const want = [...applySizes(readme, figures).matchAll(MARKED)];
  return [...readme.matchAll(MARKED)].flatMap((m, i) =>
    m[2] === want[i]?.[2] ? [] : [{ key: m[1], readme: m[2].trim(), measured: want[i]?.[2].trim() }],
  );
}
