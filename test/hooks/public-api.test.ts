// The public exports exist at runtime: everything the headless entry's barrels
// declare, and the API the issue documents, from both entries.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as headless from '../../src/headless';

const src = join(import.meta.dirname, '../../src');

/** Runtime (non-type) names a module declares for export, following `export * from`. */
function declaredExports(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const resolve = (spec: string) => {
    const base = join(dirname(file), spec);
    const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (!found) throw new Error(`cannot resolve ${spec} from ${file}`);
    return found;
  };
  for (const m of code.matchAll(/^export \* from '([^']+)'/gm)) {
    for (const name of declaredExports(resolve(m[1] ?? ''), seen)) names.add(name);
  }
  for (const m of code.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of (m[1] ?? '').split(',')) {
      const item = part.trim();
      if (!item || item.startsWith('type ')) continue;
      names.add(item.split(/\s+as\s+/).pop()?.trim() ?? item);
    }
  }
  for (const m of code.matchAll(/^export (?:async )?(?:function\*?|const|let|class|enum) (\w+)/gm)) names.add(m[1] ?? '');
  return names;
}

/** What the README documents for `@dispatchtickets/react/headless`. */
const DOCUMENTED = [
  'PortalProvider',
  'usePortal',
  'usePortalSession',
  'useTickets',
  'useTicket',
  'useCreateTicket',
  'useAddComment',
  'useAttachmentUpload',
  'useAttachments',
  'useAttachmentUrl',
  'useDraft',
  'useSeenTickets',
  'hasNewReply',
  'useTicketList',
  'useReplyComposer',
  'useNewTicketForm',
  'acceptsReplies',
  'portalKeys',
  'ticketsQueryOptions',
  'ticketQueryOptions',
  'attachmentsQueryOptions',
  'attachmentUrlQueryOptions',
  'createPortalClient',
  'verifyMagicLink',
  'PortalApiError',
  'isPortalApiError',
  'isSessionExpiredError',
  'isNotFoundError',
  'useCloseTicket',
  'useReopenTicket',
  'useRateTicket',
  'useCapabilities',
  'useTicketForm',
  'useArticleSuggestions',
];

/** Strings and formatting: the styled entry only, so headless bundles carry none. */
const STYLED_ONLY = ['en', 'createTranslator', 'usePortalI18n', 'statusLabel', 'errorText'];

describe('public API', () => {
  it('exports every name the headless entry declares', () => {
    const declared = declaredExports(join(src, 'headless.ts'));
    expect(declared.size).toBeGreaterThan(DOCUMENTED.length);
    const missing = [...declared].filter((name) => !(name in headless));
    expect(missing).toEqual([]);
    for (const name of declared) expect([name, headless[name as keyof typeof headless]]).not.toEqual([name, undefined]);
  });

  it('exports the documented provider, hooks, query factories and client', () => {
    expect(DOCUMENTED.filter((name) => !(name in headless))).toEqual([]);
    for (const name of DOCUMENTED.filter((n) => /^(use|create|is|verify)|Options$/.test(n))) {
      expect([name, typeof headless[name as keyof typeof headless]]).toEqual([name, 'function']);
    }
    expect(Object.keys(headless.portalKeys).sort()).toEqual(
      ['all', 'attachmentUrl', 'attachments', 'capabilities', 'outbox', 'ticket', 'ticketDetails', 'ticketForm', 'ticketList', 'ticketLists', 'tickets'].sort(),
    );
  });

  it('has no default export, no components and no strings in the headless entry', () => {
    expect('default' in headless).toBe(false);
    expect(STYLED_ONLY.filter((name) => name in headless)).toEqual([]);
    const source = readFileSync(join(src, 'headless.ts'), 'utf8');
    expect(source).not.toMatch(/from '[^']*(components|\.css)[^']*'/);
    expect(source).toMatch(/from '\.\/hooks'/);
  });

  it('re-exports the whole headless entry from the main entry', async () => {
    const main = await import('../../src/index');
    const missing = Object.keys(headless).filter((name) => !(name in main));
    expect(missing).toEqual([]);
    for (const name of DOCUMENTED) expect(main[name as keyof typeof main]).toBe(headless[name as keyof typeof headless]);
    for (const name of STYLED_ONLY) expect([name, typeof main[name as keyof typeof main]]).not.toEqual([name, 'undefined']);
  });
});
