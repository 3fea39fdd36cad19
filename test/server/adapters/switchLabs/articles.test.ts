import { describe, expect, it } from 'vitest';
import { SWITCHLABS_SEED, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const ctx = () => ({ signal: new AbortController().signal, requestId: 'req_test', state: h.state });
const HELP = 'https://help.acme.example/articles/{id}';

describe('switchLabs capabilities', () => {
  it('says what this backend can do: no attachments, no webhooks, no form; statuses with labels and which are closed', async () => {
    const caps = await h.adapter().capabilities(ctx());
    expect(caps).toEqual({
      backend: 'switchlabs',
      statuses: [
        { key: 'open', label: 'Open', closed: false },
        { key: 'pending', label: 'Awaiting your reply', closed: false },
        { key: 'resolved', label: 'Resolved', closed: true },
        { key: 'closed', label: 'Closed', closed: true },
      ],
      search: true,
      multiStatus: true,
      close: true,
      reopen: true,
      form: false,
      attachments: false,
      limits: { maxFileSize: 0, maxFiles: 0, titleMaxLength: 500, bodyMaxLength: 20_000 },
      articles: false,
      webhooks: false,
    });
    const backend = h.adapter();
    for (const method of ['listAttachments', 'getDownload', 'attachFile', 'parseWebhook', 'getForm', 'searchArticles'] as const) expect(backend[method], method).toBeUndefined();
    expect((await h.adapter({ statusLabels: { pending: 'Waiting for you' }, articleUrl: HELP }).capabilities(ctx())).statuses[1]?.label).toBe('Waiting for you');
    expect(h.calls).toEqual([]);
  });
});

describe('switchLabs searchArticles', () => {
  it('returns published articles only, with a snippet and an absolute URL from the template', async () => {
    const articles = await h.adapter({ articleUrl: HELP }).searchArticles!(ctx(), 'invoice', 5);
    const vat = h.server.mock.seed.articles.vat;
    expect(articles).toEqual([
      {
        id: vat,
        title: 'Changing the VAT number on an invoice',
        snippet: 'Open Settings → Billing, enter the new VAT number and ask us to reissue the invoice. A corrected invoice keeps its number.',
        url: `https://help.acme.example/articles/${vat}`,
      },
    ]);
    expect(h.calls[0]?.query.get('status')).toBe('published');
    expect(h.calls[0]?.query.get('search')).toBe('invoice');
    // The model's excerpt, when the API returns it, is the snippet.
    h.server.mock.setSwitches({ include_model_fields: 'on' });
    const [withExcerpt] = await h.adapter({ articleUrl: HELP }).searchArticles!(ctx(), 'invoice', 5);
    expect(withExcerpt?.snippet).toBe('Update the VAT number in billing settings, then ask for a reissued invoice.');
  });

  it('re-filters when the server ignores status=published: drafts, review, archived and deleted never appear', async () => {
    h.server.mock.setSwitches({ internal_filter: 'ignored', include_model_fields: 'on', rich_text: 'tiptap' });
    const planted = h.server.mock.fixture.plantArticles();
    const backend = h.adapter({ articleUrl: (a) => `https://help.acme.example/${a.slug}` });
    const found = await backend.searchArticles!(ctx(), 'invoice', 10);
    expect(found.map((a) => a.id)).toEqual([h.server.mock.seed.articles.vat]);
    expect(found[0]?.url).toBe('https://help.acme.example/changing-the-vat-number-on-an-invoice');
    const text = JSON.stringify(found);
    for (const secret of [planted.marker, SWITCHLABS_SEED.secrets.draftArticle, SWITCHLABS_SEED.secrets.reviewArticle, SWITCHLABS_SEED.secrets.archivedArticle, SWITCHLABS_SEED.secrets.deletedArticle]) {
      expect(text).not.toContain(secret);
    }
    expect(await backend.searchArticles!(ctx(), planted.marker, 10)).toEqual([]);
  });

  it('builds the snippet from the body (markdown or TipTap) when there is no excerpt, and skips an empty query', async () => {
    for (const rich_text of ['string', 'tiptap'] as const) {
      h.server.mock.setSwitches({ rich_text });
      const [pw] = await h.adapter({ articleUrl: HELP }).searchArticles!(ctx(), 'password', 5);
      expect(pw?.snippet).toBe('Use Forgot password on the sign-in page. The link is valid for 30 minutes.');
    }
    h.resetCalls();
    expect(await h.adapter({ articleUrl: HELP }).searchArticles!(ctx(), '   ', 5)).toEqual([]);
    expect(h.calls).toEqual([]);
  });
});
