import { describe, expect, it } from 'vitest';
import { bareCtx, failure, S, useAdapter } from './helpers';

const h = useAdapter();
const resolve = (email: string, name: string | null = null) => h.backend.resolveCustomer(bareCtx(h), { email, name });

describe('answerPal(): resolveCustomer', () => {
  it('finds the end user by normalised email (E1), with the upstream name', async () => {
    expect(await resolve('  Eva@Initech.EXAMPLE ')).toEqual({ id: String(S.endUsers.eva.id), email: S.endUsers.eva.email, name: 'Eva Jansen' });
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST Auth/login', 'GET EndUsers/byUid']);
  });

  it('finds her by her second email too', async () => {
    expect((await resolve(S.endUsers.eva.secondaryEmail)).id).toBe(String(S.endUsers.eva.id));
  });

  it('ignores an end user found only through customerRef (Tom’s customerRef is Eva’s email)', async () => {
    expect((await resolve(S.endUsers.eva.email)).id).not.toBe(String(S.endUsers.tom.id));
  });

  it('several end users with the email: the one holding it as primary UID, else a conflict (ANSWERPAL_AMBIGUOUS_ENDUSER)', async () => {
    expect((await resolve(S.endUsers.helpdesk.email)).id).toBe(String(S.endUsers.helpdesk.id));
    const e = await failure(resolve(S.endUsers.frontDesk.email));
    expect(e).toMatchObject({ kind: 'conflict', code: 'ANSWERPAL_AMBIGUOUS_ENDUSER' });
  });

  it('creates a missing customer (E2) with the email as primary UID and the name split, once', async () => {
    const c = await resolve('New.Person@Example.com', 'Nora van Dijk');
    expect(c).toMatchObject({ email: 'new.person@example.com', name: 'Nora van Dijk' });
    const stored = h.server.mock.store.endUsers.get(Number(c.id));
    expect(stored).toMatchObject({ firstname: 'Nora van', lastname: 'Dijk', customerType: 'Customer', uids: [expect.objectContaining({ uid: 'new.person@example.com', uidType: 'Email', isPrimary: true })] });
    expect((await resolve('new.person@example.com')).id).toBe(c.id);
    expect([...h.server.mock.store.endUsers.values()].filter((e) => e.uids.some((u) => u.uid === 'new.person@example.com'))).toHaveLength(1);
  });

  it('an email only found as someone’s customerRef gets its own end user', async () => {
    h.server.mock.store.endUsers.get(S.endUsers.tom.id)!.customerRef = 'ghost@initech.example';
    const c = await resolve('ghost@initech.example');
    expect(c.id).not.toBe(String(S.endUsers.tom.id));
  });

  it('concurrent sign-ins of one new email create one end user', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => resolve('burst@example.com')));
    expect(new Set(all.map((c) => c.id)).size).toBe(1);
    expect(h.calls.filter((c) => c.method === 'POST' && c.path === 'EndUsers')).toHaveLength(1);
  });

  it('a create refused with 409 (someone else created it meanwhile) re-runs E1 and returns that end user', async () => {
    // Another gateway creates the end user between our lookup and our create.
    const { store } = h.server.mock;
    let raced = false;
    const original = store.findEndUsersByUid.bind(store);
    store.findEndUsersByUid = (tenantId, uid, mode) => {
      const found = original(tenantId, uid, mode);
      if (!raced && uid === 'race@example.com') {
        raced = true;
        store.addEndUser(1, { name: 'Raced', uids: [{ uid: 'race@example.com', isPrimary: true }] });
      }
      return found;
    };
    const c = await resolve('race@example.com').finally(() => {
      store.findEndUsersByUid = original;
    });
    expect(c.name).toBe('Raced');
    expect(h.calls.filter((x) => x.path === 'EndUsers').map((x) => x.status)).toEqual([409]);
    expect(h.calls.filter((x) => x.path === 'EndUsers/byUid')).toHaveLength(2);
  });

  it('duplicate_uid=create_second makes AnswerPal keep both; the lookup then sees two primaries and refuses', async () => {
    h.server.mock.switches.duplicateUid = 'create_second';
    h.server.mock.store.addEndUser(1, { name: 'Second Tom', uids: [{ uid: S.endUsers.tom.email, isPrimary: true }] });
    expect(await failure(resolve(S.endUsers.tom.email))).toMatchObject({ kind: 'conflict' });
  });

  it('reads PascalCase payloads (older deployments) the same way', async () => {
    h.server.mock.switches.casing = 'pascal';
    expect((await resolve(S.endUsers.eva.email)).id).toBe(String(S.endUsers.eva.id));
  });
});
