import { expect, inject, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { page } from 'vitest/browser';
import { AttachmentUploader, NewTicketDialog, NewTicketForm, PortalProvider, PortalRoot, type UploadItem } from '../../src';
import '../../src/styles/index.css';

const base = inject('mockBaseUrl');
const getToken = async () => {
  const res = await fetch(`${base}/brands/br_demo/portal/token`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_demo', 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'shot@example.com' }) });
  return res.json();
};
const MB = 1024 * 1024;
const img = new File(['<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40"><rect width="64" height="40" fill="#3b4fd8"/></svg>'], 'checkout.svg', { type: 'image/svg+xml' });
const items: UploadItem[] = [
  { id: 'a', name: 'network-trace.har', size: 6 * MB, type: 'application/json', file: new Blob(['x']), status: 'uploading', loaded: 2.4 * MB },
  { id: 'b', name: 'checkout.svg', size: img.size, type: 'image/svg+xml', file: img, status: 'uploaded', attachment: { id: 'x', filename: 'checkout.svg', contentType: 'image/svg+xml', size: 10, status: 'uploaded', createdAt: '' } },
  { id: 'c', name: 'invoice-with-a-rather-long-file-name-2026.pdf', size: 120_000, type: 'application/pdf', file: new Blob(['x']), status: 'failed', error: Object.assign(new Error('x'), { status: 500 }) },
];

for (const [theme, dir] of [['light', 'ltr'], ['dark', 'rtl']] as const) {
  it(`shot ${theme}`, async () => {
    await page.viewport(900, 1100);
    const screen = await render(
      <PortalProvider baseUrl={base} getToken={getToken} pollInterval={false}>
        <PortalRoot theme={theme} dir={dir} style={{ padding: 16 }}>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 24 }}>
            <NewTicketForm draftId={`shot-${theme}`} defaultValues={{ subject: 'Checkout freezes' }} />
            <div>
              <AttachmentUploader value={items} onValueChange={() => {}} />
              <div style={{ height: 24 }} />
              <AttachmentUploader variant="compact" value={items.slice(0, 1)} onValueChange={() => {}} />
              <NewTicketDialog />
            </div>
          </div>
        </PortalRoot>
      </PortalProvider>,
    );
    await expect.element(screen.getByRole('textbox', { name: 'Subject' })).toBeVisible();
    await page.screenshot({ path: `/tmp/shot-${theme}.png` });
    await screen.getByRole('button', { name: 'New ticket' }).click();
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: `/tmp/shot-${theme}-dialog.png` });
  });
}
