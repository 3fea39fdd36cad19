/*
 * Drafts are user text, never tokens. Keys are scoped per customer so two
 * customers sharing a browser tab never see each other's drafts.
 */
const PREFIX = 'dt:draft:';

export const draftKey = (customerId: string, key: string) => `${PREFIX}${customerId}:${key}`;

export function readDraft<T>(storage: Storage | null, fullKey: string | null): T | undefined {
  if (!storage || !fullKey) return undefined;
  try {
    const raw = storage.getItem(fullKey);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function writeDraft(storage: Storage | null, fullKey: string | null, value: unknown) {
  if (!storage || !fullKey) return;
  try {
    if (value === undefined) storage.removeItem(fullKey);
    else storage.setItem(fullKey, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled: the draft stays in memory only.
  }
}
