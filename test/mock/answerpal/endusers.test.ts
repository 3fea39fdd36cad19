import { describe, expect, it } from 'vitest';
import { json, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();

const ids = (list: { endUserID: number }[]) => list.map((e) => e.endUserID).sort();
const ticketIds = (page: { items: { ticketID: number }[] }) => page.items.map((t) => t.ticketID).sort();

describe('AnswerPal mock: end users', () => {
  describe('E1 byUid', () => {
    it('trims and matches UIDs case-insensitively, and also matches customerRef (Tom’s customerRef is Eva’s email)', async () => {
      const res = await h.api(`/api/EndUsers/byUid?uid=${encodeURIComponent('  EVA@Initech.example ')}`);
      expect(res.status).toBe(200);
      const list = await json(res);
      expect(Array.isArray(list)).toBe(true);
      expect(ids(list)).toEqual([S.endUsers.eva.id, S.endUsers.tom.id]);
      const eva = list.find((e: { endUserID: number }) => e.endUserID === S.endUsers.eva.id);
      expect(eva.uids.map((u: { uid: string }) => u.uid)).toEqual([S.endUsers.eva.email, S.endUsers.eva.secondaryEmail, S.endUsers.eva.phone]);
    });

    it('stays inside the caller’s tenant', async () => {
      const list = await json(await h.api(`/api/EndUsers/byUid?uid=${S.endUsers.eva.email}`));
      expect(ids(list)).not.toContain(S.endUsers.evaAtGlobex.id);
    });

    it('uid_match=exact: a different casing finds nothing', async () => {
      await h.control('switches', { uid_match: 'exact' });
      expect(await json(await h.api('/api/EndUsers/byUid?uid=max.mustermann@initech.example'))).toEqual([]);
      expect(ids(await json(await h.api(`/api/EndUsers/byUid?uid=${S.endUsers.max.email}`)))).toEqual([S.endUsers.max.id]);
    });

    it('400 without uid', async () => {
      expect((await h.api('/api/EndUsers/byUid')).status).toBe(400);
    });
  });

  describe('E2 create', () => {
    const create = (body: unknown) => h.api('/api/EndUsers', { method: 'POST', body });

    it('creates with an email UID (201 by default, 200 with create_status=200); empty customerType becomes Lead', async () => {
      const res = await create({ firstname: 'Nina', lastname: 'Nieuw', uids: [{ uidType: 'Email', uid: 'nina@new.example', isPrimary: true }] });
      expect(res.status).toBe(201);
      const created = await json(res);
      expect(created).toMatchObject({ name: 'Nina Nieuw', customerType: 'Lead', uids: [{ uidType: 'Email', uid: 'nina@new.example', isPrimary: true }] });
      expect(ids(await json(await h.api('/api/EndUsers/byUid?uid=nina@new.example')))).toEqual([created.endUserID]);
      await h.control('switches', { create_status: 200 });
      expect((await create({ uids: [{ uid: 'other@new.example', uidType: 'Email' }] })).status).toBe(200);
    });

    it('refuses a bad customerType and an invalid email UID with 400; normalises phone UIDs', async () => {
      expect((await create({ customerType: 'Vip', uids: [{ uid: 'x@new.example' }] })).status).toBe(400);
      expect((await create({ uids: [{ uidType: 'Email', uid: 'not-an-email' }] })).status).toBe(400);
      const phone = await json(await create({ uids: [{ uidType: 'Phone', uid: '0032 470 12 34 56' }] }));
      expect(phone.uids[0].uid).toBe('+32470123456');
    });

    it('duplicate UID: 409 { code: "DuplicateUid" } by default; duplicate_uid=create_second makes a second end user', async () => {
      const dup = await create({ uids: [{ uidType: 'Email', uid: S.endUsers.tom.email, isPrimary: true }] });
      expect(dup.status).toBe(409);
      expect((await json(dup)).code).toBe('DuplicateUid');
      await h.control('switches', { duplicate_uid: 'create_second' });
      expect((await create({ uids: [{ uidType: 'Email', uid: S.endUsers.tom.email, isPrimary: true }] })).status).toBe(201);
      expect(await json(await h.api(`/api/EndUsers/byUid?uid=${S.endUsers.tom.email}`))).toHaveLength(2);
    });
  });

  it('E3 returns one end user with UIDs and profile fields; 404 for another tenant’s', async () => {
    const eva = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}`));
    expect(eva).toMatchObject({ endUserID: S.endUsers.eva.id, firstname: 'Eva', customerRef: 'CRM-0001', company: 'Initech BV' });
    expect((await h.api(`/api/EndUsers/${S.endUsers.evaAtGlobex.id}`)).status).toBe(404);
  });

  describe('E4 tickets of an end user', () => {
    it('lists processed tickets linked to every UID (both emails and the phone), hiding future follow-ups and unprocessed ones', async () => {
      const page = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets?pageSize=50`));
      expect(ticketIds(page)).toEqual([...S.evaListed].sort());
      expect(page.totalCount).toBe(S.evaListed.length);
      const withFollowUp = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets?pageSize=50&includeFollowUp=true&isSpam=false`));
      expect(ticketIds(withFollowUp)).toEqual([...S.evaListed.filter((id) => id !== S.tickets.spam), S.tickets.followUp].sort());
    });

    it('also lists tickets linked through customerRef: Tom’s listing includes Eva’s tickets (the adapter must re-check ownership)', async () => {
      const page = await json(await h.api(`/api/EndUsers/${S.endUsers.tom.id}/tickets?pageSize=50`));
      expect(ticketIds(page)).toContain(S.tickets.tom);
      expect(ticketIds(page)).toContain(S.tickets.rich);
    });

    it('filters by isClosed and search', async () => {
      const closed = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets?isClosed=true`));
      expect(ticketIds(closed)).toEqual([S.tickets.closed]);
      const search = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets?search=onboarding`));
      expect(ticketIds(search)).toEqual([S.tickets.otherRep]);
    });
  });

  it('assigns a UID to an end user; a UID of another end user is 409', async () => {
    const res = await h.api('/api/EndUserUIDs/assign', { method: 'POST', body: { uid: 'eva.work@initech.example', endUserID: S.endUsers.eva.id, uidType: 'Email', isPrimary: false } });
    expect(res.status).toBe(200);
    expect((await json(res)).uids.map((u: { uid: string }) => u.uid)).toContain('eva.work@initech.example');
    const taken = await h.api('/api/EndUserUIDs/assign', { method: 'POST', body: { uid: S.endUsers.tom.email, endUserID: S.endUsers.eva.id, uidType: 'Email' } });
    expect(taken.status).toBe(409);
  });
});
