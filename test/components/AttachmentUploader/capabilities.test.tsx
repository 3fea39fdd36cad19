// Through the gateway the uploader follows what the helpdesk can take: its
// file limits, and no uploader at all where the helpdesk has no files
// (Switch Labs), instead of an upload the gateway would refuse.
import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { NewTicketForm } from '../../../src';
import { GATEWAY, setupGatewayApi } from '../../utils/gatewayApi';
import { renderWithPortal } from '../../utils/render';

vi.setConfig({ testTimeout: 30_000 });

describe('AttachmentUploader through the gateway', () => {
  describe('a helpdesk with files', () => {
    const api = setupGatewayApi();
    it("states the helpdesk's own limits", async () => {
      renderWithPortal(<NewTicketForm />, api, { provider: { baseUrl: GATEWAY } });
      const uploader = await screen.findByRole('group', { name: 'Attachments' });
      expect(await within(uploader).findByText(/Up to 10 files, 50 MB each/)).toBeInTheDocument();
      expect(api.requests.filter((r) => r.startsWith('GET /portal/capabilities'))).toHaveLength(1);
    });
  });

  describe('a helpdesk without files', () => {
    const api = setupGatewayApi({ backend: { attachments: false } });
    it('shows no uploader, and the form still files', async () => {
      renderWithPortal(<NewTicketForm />, api, { provider: { baseUrl: GATEWAY } });
      // The form's extensions load once capabilities have arrived; by then the uploader is gone.
      await screen.findByRole('combobox', { name: 'Category' });
      expect(screen.queryByRole('group', { name: 'Attachments' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Choose files' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Create ticket' })).toBeEnabled();
    });
  });
});
