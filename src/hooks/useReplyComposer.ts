'use client';
import { useCallback, useState, type KeyboardEvent } from 'react';
import type { Comment, PortalApiError } from '../client';
import { BODY_MAX_LENGTH } from '../client/limits';
import { useControllableState } from '../shared/useControllableState';
import type { UploadItem } from './useAttachmentUpload';
import { useAddComment, type OutgoingComment, type SendReplyResult } from './useAddComment';
import { useDraft } from './useDraft';
import { usePortalSession } from './usePortalSession';
import { useTicket } from './useTicket';
import { acceptsReplies, DEFAULT_CLOSED_STATUSES, replyBody } from './replies';

/** Why a reply can't be sent right now. */
export type ReplyBlockReason = 'closed' | 'session-expired' | 'disabled' | 'uploading' | 'uploads-failed' | 'empty' | 'too-long';

/** What `submit()` did: refused (and why), or the send's outcome. */
export type ReplySubmitResult = { status: 'blocked'; reason: ReplyBlockReason } | SendReplyResult;

export interface UseReplyComposerOptions {
  /**
   * The text, controlled. Without it the hook keeps a draft per customer and
   * ticket that survives a reload.
   * @example useReplyComposer(id, { value: text, onValueChange: setText })
   */
  value?: string;
  /** Called with the new text (and with `''` once a reply is handed to the outbox). */
  onValueChange?: (value: string) => void;
  /**
   * Statuses that take no replies.
   * @default ['closed', 'spam']
   */
  closedStatuses?: readonly string[];
  /** Refuse sending (the text stays editable), e.g. for a read-only preview. */
  disabled?: boolean;
  /** Called as a reply is handed to the outbox, before the server answers. */
  onReplyStart?: () => void;
  /** Called when the server confirmed a reply. */
  onReplySend?: (comment: Comment) => void;
  /** Called when a send failed; the reply stays in the outbox. */
  onReplyError?: (error: PortalApiError, localId: string) => void;
  /** Called when a send is refused, with the reason (e.g. to announce it). */
  onReplyBlock?: (reason: ReplyBlockReason) => void;
}

export interface UseReplyComposerResult {
  text: string;
  setText(text: string): void;
  /**
   * The files of this reply, uploaded onto the ticket: wire them to an uploader,
   * e.g. `useAttachmentUpload({ ticketId, value: files, onValueChange: setFiles })`.
   * They start over when the ticket changes.
   */
  files: UploadItem[];
  setFiles(files: UploadItem[]): void;
  /** Why sending is refused right now, or null. Show it next to the send button. */
  reason: ReplyBlockReason | null;
  /** A send was attempted and refused since the last edit: show even the `empty` reason then. */
  attempted: boolean;
  /** Sends (or refuses, with the reason). Clears text and files as the reply goes to the outbox. */
  submit(): Promise<ReplySubmitResult>;
  /** Put on the textarea: Ctrl+Enter and ⌘+Enter send; Enter alone is a new line. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  /** Replies not confirmed yet, oldest first (show them after the thread's comments). */
  outbox: OutgoingComment[];
  /** Sends a failed reply again under its idempotency key. */
  retry(localId: string): Promise<SendReplyResult>;
  /** Takes a failed reply out of the outbox and back into the text (after what is being written). */
  edit(localId: string): void;
  discard(localId: string): void;
  /** Stops a reply still sending (offline or slow): it stays in the outbox as failed, with its text. */
  cancel(localId: string): void;
}

/**
 * Everything a reply box does apart from drawing it: the text (a draft that
 * survives a reload, or controlled), the files, why sending is refused right
 * now, Ctrl/⌘+Enter, and the outbox with retry, edit and discard. Sending is
 * optimistic: the reply leaves the composer at once and shows in `outbox`.
 *
 * @example
 * const composer = useReplyComposer(ticketId);
 * <textarea value={composer.text} onChange={(e) => composer.setText(e.target.value)} onKeyDown={composer.onKeyDown} />
 * {composer.reason && composer.attempted ? <p>{myText[composer.reason]}</p> : null}
 * <button onClick={() => void composer.submit()} aria-disabled={!!composer.reason}>Send</button>
 */
export function useReplyComposer(ticketId: string, options: UseReplyComposerOptions = {}): UseReplyComposerResult {
  const { value, onValueChange, closedStatuses = DEFAULT_CLOSED_STATUSES } = options;
  const expired = usePortalSession().status === 'expired';
  // Shares the thread's cache entry; polling is the thread's job.
  const status = useTicket(ticketId, { pollInterval: false }).data?.status;
  // The outbox, retry, discard and cancel pass through; edit puts the text back here.
  const { send, edit: takeBack, isSending: _sending, ...replies } = useAddComment(ticketId);
  const [draft, setDraft, clearDraft] = useDraft(`reply:${ticketId}`, '');
  const [text, setText, latestText] = useControllableState(value, '', onValueChange, [draft, setDraft]);
  // Files are uploaded onto one ticket: moving to another starts over (and stops
  // uploads still running), so they can never be linked from the other's reply.
  const fresh = { ticketId, files: [] as UploadItem[], attempted: false };
  const [local, setLocal] = useState(fresh);
  const { files, attempted } = local.ticketId === ticketId ? local : fresh;
  const update = (next: Partial<typeof local>) => setLocal((l) => ({ ...(l.ticketId === ticketId ? l : fresh), ...next }));

  const uploaded = files.flatMap((f) => (f.status === 'uploaded' ? [{ id: f.attachment.id, name: f.name }] : []));
  const body = replyBody(text, uploaded);
  const reason: ReplyBlockReason | null =
    status && !acceptsReplies(status, closedStatuses)
      ? 'closed'
      : options.disabled
        ? 'disabled'
        : expired
          ? 'session-expired'
          : files.some((f) => f.status === 'queued' || f.status === 'uploading')
            ? 'uploading'
            : files.some((f) => f.status === 'failed')
              ? 'uploads-failed'
              : !body
                ? 'empty'
                : body.length > BODY_MAX_LENGTH
                  ? 'too-long'
                  : null;

  const submit = async (): Promise<ReplySubmitResult> => {
    if (reason) {
      update({ attempted: true });
      options.onReplyBlock?.(reason);
      return { status: 'blocked', reason };
    }
    if (value === undefined) clearDraft();
    else onValueChange?.('');
    update({ attempted: false, files: [] });
    options.onReplyStart?.();
    const result = await send(body);
    if (result.status === 'sent') options.onReplySend?.(result.comment);
    else options.onReplyError?.(result.error, result.localId);
    return result;
  };

  return {
    text,
    setText(next) {
      setText(next);
      if (attempted) update({ attempted: false });
    },
    files,
    setFiles: (next) => update({ files: next }),
    reason,
    attempted,
    submit,
    onKeyDown(event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing) {
        event.preventDefault();
        void submit();
      }
    },
    ...replies,
    edit: useCallback(
      (localId: string) => {
        const back = takeBack(localId);
        const current = latestText();
        // Never overwrite what is already being written.
        setText(current.trim() ? `${current}\n\n${back}` : back);
      },
      [takeBack, latestText, setText],
    ),
  };
}
