// useNewTicketForm under a minimal custom UI: plain inputs, no kit component.
// Issues are codes; this UI prints them as is.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  useAttachmentUpload,
  useNewTicketForm,
  usePortalSession,
  type Ticket,
  type UseNewTicketFormOptions,
  type UseNewTicketFormResult,
} from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { testFile } from '../components/AttachmentUploader/files';

const api = setupMockApi();
beforeEach(() => sessionStorage.clear());

let form: UseNewTicketFormResult;

function Form(options: UseNewTicketFormOptions) {
  const f = (form = useNewTicketForm(options));
  const uploads = useAttachmentUpload({ value: f.files, onValueChange: f.setFiles });
  const signedIn = usePortalSession().customer !== null;
  const field = (name: 'subject' | 'description' | 'plan') => ({
    'aria-label': name,
    ref: f.fieldRef(name),
    value: String(f.values[name] ?? ''),
    onChange: (e: { target: { value: string } }) => f.setValue(name, e.target.value),
    onBlur: () => f.blur(name),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        f.submit();
      }}
    >
      <input {...field('subject')} />
      <textarea {...field('description')} />
      <input {...field('plan')} />
      <input type="file" aria-label="Files" multiple onChange={(e) => uploads.add(e.target.files ?? [])} />
      {Object.entries(f.issues).map(([name, issue]) =>
        issue ? <p key={name}>{`${name}: ${issue.code}${issue.max ? ` ${issue.max}` : ''}`}</p> : null,
      )}
      <output aria-label="State">{f.state.status}</output>
      {f.restored ? <p>restored</p> : null}
      {signedIn ? <p>signed in</p> : null}
      <button type="submit">Create</button>
    </form>
  );
}

function renderForm(options: UseNewTicketFormOptions = {}) {
  const { Wrapper, queryClient } = portalWrapper(api, { provider: { clientOptions: { retry: false } } });
  const view = render(<Form {...options} />, { wrapper: Wrapper });
  return { ...view, queryClient };
}

const state = () => screen.getByRole('status', { name: 'State' });
const input = (name: string) => screen.getByRole('textbox', { name });
const created = (title: string) => [...api.mock.store.tickets.values()].filter((t) => t.title === title);

describe('useNewTicketForm', () => {
  describe('issues, as codes', () => {
    it('checks an edited field when it is left, and re-checks it as it is fixed', async () => {
      const user = userEvent.setup();
      renderForm({ subjectMaxLength: 10 });
      await user.click(input('subject'));
      await user.tab();
      expect(screen.queryByText(/subject:/)).not.toBeInTheDocument();
      await user.type(input('subject'), 'Far too long a subject');
      await user.tab();
      expect(screen.getByText('subject: too-long 10')).toBeInTheDocument();
      await user.clear(input('subject'));
      expect(screen.getByText('subject: required')).toBeInTheDocument();
      await user.type(input('subject'), 'Short');
      expect(screen.queryByText(/subject:/)).not.toBeInTheDocument();
    });

    it('on submit: every issue, the host rules included, and focus on the first; nothing is sent', async () => {
      const user = userEvent.setup();
      renderForm({ validate: (v) => (v.plan ? {} : { plan: { code: 'required' } }) });
      fireEvent.change(input('description'), { target: { value: 'x'.repeat(20_001) } });
      await user.click(screen.getByRole('button', { name: 'Create' }));
      expect(screen.getByText('subject: required')).toBeInTheDocument();
      expect(screen.getByText('description: too-long 20000')).toBeInTheDocument();
      expect(screen.getByText('plan: required')).toBeInTheDocument();
      expect(input('subject')).toHaveFocus();
      expect(state()).toHaveTextContent('editing');
      expect(api.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    });

    it('maps server field errors onto their fields as "rejected" and focuses the field', async () => {
      const user = userEvent.setup();
      renderForm({ subjectMaxLength: 300 });
      fireEvent.change(input('subject'), { target: { value: 'Very long subject '.repeat(14) } });
      await user.click(screen.getByRole('button', { name: 'Create' }));
      await waitFor(() => expect(state()).toHaveTextContent('failed'));
      expect(form.state).toMatchObject({ status: 'failed', fields: true, attachments: false, error: expect.objectContaining({ status: 400 }) });
      expect(screen.getByText('subject: rejected')).toBeInTheDocument();
      expect(input('subject')).toHaveFocus();
    });
  });

  it('creates the ticket with the text and the files, then resets and forgets the draft', async () => {
    const user = userEvent.setup();
    const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
    renderForm({ onTicketCreate, bodySuffix: 'Plan: Pro' });
    await user.type(input('subject'), 'From a custom form');
    await user.type(input('description'), 'It broke');
    await user.upload(screen.getByLabelText('Files'), testFile('steps.txt', 40));
    await waitFor(() => expect(form.files.map((f) => f.status)).toEqual(['uploaded']));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
    const [ticket] = created('From a custom form');
    expect(ticket?.body).toBe('It broke\n\nPlan: Pro');
    expect([...api.mock.store.attachments.values()].filter((a) => a.ticketId === ticket?.id).map((a) => a.filename)).toEqual(['steps.txt']);
    expect(form.state).toEqual({ status: 'created', ticket: onTicketCreate.mock.calls[0]![0] });
    expect(form.values).toMatchObject({ subject: '', description: '' });
    expect(form.files).toEqual([]);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('dt:draft:'))).toEqual([]);
  });

  describe('waiting for uploads', () => {
    it('waits for a file still uploading, then sends by itself', async () => {
      const user = userEvent.setup();
      api.mock.faults.setLatency(300, { method: 'PUT', path: '/__storage/*' });
      renderForm();
      await user.type(input('subject'), 'Waits for its file');
      await user.upload(screen.getByLabelText('Files'), testFile('shot.png', 40, 'image/png'));
      await user.click(screen.getByRole('button', { name: 'Create' }));
      expect(state()).toHaveTextContent('waiting-uploads');
      expect(form.uploading).toBe(1);
      await waitFor(() => expect(state()).toHaveTextContent('created'), { timeout: 5_000 });
      expect(created('Waits for its file')).toHaveLength(1);
    });

    it('asks about a failed file: retry it and send, or send without it', async () => {
      const user = userEvent.setup();
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      renderForm();
      await user.type(input('subject'), 'One file failed');
      await user.upload(screen.getByLabelText('Files'), testFile('bad.txt', 40));
      await waitFor(() => expect(form.failedUploads).toBe(1));
      await user.click(screen.getByRole('button', { name: 'Create' }));
      expect(state()).toHaveTextContent('uploads-failed');
      act(() => form.retryFailedUploads());
      expect(state()).toHaveTextContent('waiting-uploads');
      await waitFor(() => expect(state()).toHaveTextContent('created'), { timeout: 5_000 });
      const [ticket] = created('One file failed');
      expect([...api.mock.store.attachments.values()].filter((a) => a.ticketId === ticket?.id).map((a) => a.filename)).toEqual(['bad.txt']);
    });

    it('sends without the failed files when asked', async () => {
      const user = userEvent.setup();
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      renderForm();
      await user.type(input('subject'), 'Without it');
      await user.upload(screen.getByLabelText('Files'), testFile('bad.txt', 40));
      await waitFor(() => expect(form.failedUploads).toBe(1));
      await user.click(screen.getByRole('button', { name: 'Create' }));
      act(() => form.submitWithoutFailedUploads());
      await waitFor(() => expect(state()).toHaveTextContent('created'));
      expect(form.files).toEqual([]);
    });
  });

  describe('draft', () => {
    it('keeps every value (extra fields included) and the uploaded files across a remount, says so, and can discard it', async () => {
      const user = userEvent.setup();
      const first = renderForm();
      await screen.findByText('signed in');
      await user.type(input('subject'), 'Kept');
      await user.type(input('plan'), 'Pro');
      await user.upload(screen.getByLabelText('Files'), testFile('kept.txt', 40));
      await waitFor(() => expect(form.files.map((f) => f.status)).toEqual(['uploaded']));
      first.unmount();

      renderForm();
      await screen.findByText('restored');
      expect(input('subject')).toHaveValue('Kept');
      expect(input('plan')).toHaveValue('Pro');
      expect(form.files.map((f) => [f.name, f.status])).toEqual([['kept.txt', 'uploaded']]);

      act(() => form.discardDraft());
      expect(screen.queryByText('restored')).not.toBeInTheDocument();
      expect(input('subject')).toHaveValue('');
      expect(form.files).toEqual([]);
    });

    it('does not call default values a draft', async () => {
      renderForm({ defaultValues: { subject: 'Preset' } });
      await screen.findByText('signed in');
      expect(input('subject')).toHaveValue('Preset');
      expect(screen.queryByText('restored')).not.toBeInTheDocument();
    });
  });
});
