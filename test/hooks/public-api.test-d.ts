// Type tests for the public hook signatures. Checked by `tsc` (npm run
// typecheck covers test/); Vitest only runs *.test-d.ts with typecheck on.
// Nothing here is executed: hooks are only called inside functions that are
// never invoked.
import { expectTypeOf } from 'vitest';
import type { ReactNode } from 'react';
import type {
  InfiniteData,
  QueryClient,
  UseInfiniteQueryResult,
  UseMutationResult,
  UseQueryResult,
} from '@tanstack/react-query';
import {
  PortalProvider,
  createPortalClient,
  attachmentUrlQueryOptions,
  attachmentsQueryOptions,
  portalKeys,
  ticketQueryOptions,
  ticketsQueryOptions,
  useAddComment,
  useAttachmentUpload,
  useAttachmentUrl,
  useAttachments,
  useCreateTicket,
  useDraft,
  usePortal,
  usePortalSession,
  useTicket,
  useTicketList,
  useTickets,
  useReplyComposer,
  useNewTicketForm,
  useSeenTickets,
  type Attachment,
  type AttachmentDownload,
  type Comment,
  type CreateTicketInput,
  type GetTokenContext,
  type OutgoingComment,
  type PortalApiError,
  type PortalClient,
  type PortalContextValue,
  type PortalProviderProps,
  type SendReplyResult,
  type SessionSnapshot,
  type Ticket,
  type TicketDetail,
  type TicketListFilters,
  type TicketPage,
  type TokenResult,
  type UploadItem,
  type UploadRejection,
  type UploadRejectionCode,
  type UseAddCommentResult,
  type UseAttachmentUploadOptions,
  type UseAttachmentUploadResult,
  type UseAttachmentUrlOptions,
  type UseCreateTicketOptions,
  type UseCreateTicketResult,
  type UseDraftResult,
  type UsePortalSessionResult,
  type UseTicketOptions,
  type UseTicketResult,
  type UseTicketsOptions,
  type UseTicketsResult,
  type FieldIssue,
  type NewTicketFormStatus,
  type PortalErrorCode,
  type PortalTokenResponse,
  type ReplyBlockReason,
  type ReplySubmitResult,
  type UseNewTicketFormResult,
  type UseReplyComposerResult,
  type UseTicketListResult,
} from '../../src/headless';
import type { PortalTokenResponse as ServerTokenResponse } from '../../src/server';
import type { PortalTokenResponse as MockTokenResponse } from '../../src/mock';
import { usePortalI18n, type Translator } from '../../src';

// --- PortalProvider ----------------------------------------------------------

expectTypeOf(PortalProvider).parameter(0).toEqualTypeOf<PortalProviderProps>();
expectTypeOf<PortalProviderProps['token']>().toEqualTypeOf<string | undefined>();
expectTypeOf<PortalProviderProps['getToken']>().toEqualTypeOf<((context: GetTokenContext) => TokenResult | Promise<TokenResult>) | undefined>();
expectTypeOf<PortalProviderProps['baseUrl']>().toEqualTypeOf<string | undefined>();
expectTypeOf<PortalProviderProps['queryClient']>().toEqualTypeOf<QueryClient | undefined>();
expectTypeOf<PortalProviderProps['locale']>().toEqualTypeOf<string | undefined>();
expectTypeOf<PortalProviderProps['pollInterval']>().toEqualTypeOf<number | false | undefined>();
expectTypeOf<PortalProviderProps['onSessionExpired']>().toEqualTypeOf<((error: PortalApiError) => void) | undefined>();
expectTypeOf<PortalProviderProps['draftStorage']>().toEqualTypeOf<Storage | null | undefined>();
expectTypeOf<PortalProviderProps['children']>().toEqualTypeOf<ReactNode | undefined>();
// getToken may resolve a bare string or a token response.
expectTypeOf<() => Promise<string>>().toExtend<NonNullable<PortalProviderProps['getToken']>>();
expectTypeOf<() => Promise<{ token: string; expiresAt: string; customerId: string; email: string }>>().toExtend<
  NonNullable<PortalProviderProps['getToken']>
>();

// --- usePortal / usePortalSession / usePortalI18n ------------------------------

expectTypeOf(usePortal).parameters.toEqualTypeOf<[caller?: string]>();
expectTypeOf(usePortal).returns.toEqualTypeOf<PortalContextValue>();
expectTypeOf<PortalContextValue['client']>().toEqualTypeOf<PortalClient>();
expectTypeOf<PortalContextValue['queryClient']>().toEqualTypeOf<QueryClient>();

expectTypeOf(usePortalSession).parameters.toEqualTypeOf<[]>();
expectTypeOf(usePortalSession).returns.toEqualTypeOf<UsePortalSessionResult>();
expectTypeOf<UsePortalSessionResult>().toExtend<SessionSnapshot>();
expectTypeOf<UsePortalSessionResult['status']>().toEqualTypeOf<'idle' | 'ready' | 'renewing' | 'expired'>();
expectTypeOf<UsePortalSessionResult['customer']>().toEqualTypeOf<{ id: string | null; email: string | null; name: string | null } | null>();
expectTypeOf<UsePortalSessionResult['error']>().toEqualTypeOf<PortalApiError | null>();
expectTypeOf<UsePortalSessionResult['renew']>().toEqualTypeOf<() => Promise<void>>();
expectTypeOf<UsePortalSessionResult['setToken']>().toEqualTypeOf<(result: TokenResult) => void>();
// The session never exposes the token.
expectTypeOf<UsePortalSessionResult>().not.toHaveProperty('token');

// The translator belongs to the styled entry (the headless one ships no strings).
expectTypeOf(usePortalI18n).returns.toEqualTypeOf<Translator>();

// --- useTickets ----------------------------------------------------------------

expectTypeOf(useTickets).parameters.toEqualTypeOf<[options?: UseTicketsOptions]>();
expectTypeOf(useTickets).returns.toEqualTypeOf<UseTicketsResult>();
expectTypeOf<UseTicketsResult>().toEqualTypeOf<UseInfiniteQueryResult<InfiniteData<TicketPage, string | null>, PortalApiError>>();
// Every failure is a PortalApiError, and the type says so.
expectTypeOf<UseTicketsResult['error']>().toEqualTypeOf<PortalApiError | null>();
expectTypeOf<UseTicketsOptions>().toExtend<TicketListFilters>();
expectTypeOf<UseTicketsOptions>().toEqualTypeOf<{
  status?: string | readonly string[];
  search?: string;
  sort?: 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  limit?: number;
  enabled?: boolean;
}>();
expectTypeOf<NonNullable<UseTicketsResult['data']>['pages'][number]['tickets'][number]>().toEqualTypeOf<Ticket>();

// --- useTicket ------------------------------------------------------------------

expectTypeOf(useTicket).parameters.toEqualTypeOf<[ticketId: string | null | undefined, options?: UseTicketOptions]>();
expectTypeOf(useTicket).returns.toEqualTypeOf<UseTicketResult>();
expectTypeOf<UseTicketResult>().toEqualTypeOf<UseQueryResult<TicketDetail, PortalApiError>>();
expectTypeOf<UseTicketResult['error']>().toEqualTypeOf<PortalApiError | null>();
expectTypeOf<UseTicketOptions>().toEqualTypeOf<{ pollInterval?: number | false; enabled?: boolean }>();
expectTypeOf<TicketDetail['comments'][number]>().toEqualTypeOf<Comment>();

// --- useCreateTicket -----------------------------------------------------------

expectTypeOf(useCreateTicket).parameters.toEqualTypeOf<[options?: UseCreateTicketOptions]>();
expectTypeOf(useCreateTicket).returns.toEqualTypeOf<UseCreateTicketResult>();
expectTypeOf<UseCreateTicketResult>().toEqualTypeOf<UseMutationResult<Ticket, PortalApiError, CreateTicketInput>>();
expectTypeOf<UseCreateTicketOptions>().toEqualTypeOf<{ draftId?: string }>();
expectTypeOf<CreateTicketInput>().toEqualTypeOf<{
  title: string;
  body?: string;
  attachmentIds?: string[];
  priority?: string | null;
  categoryId?: string | null;
  customFields?: Record<string, string | number | boolean | string[]>;
}>();

// --- useAddComment ---------------------------------------------------------------

expectTypeOf(useAddComment).parameters.toEqualTypeOf<[ticketId: string]>();
expectTypeOf(useAddComment).returns.toEqualTypeOf<UseAddCommentResult>();
expectTypeOf<UseAddCommentResult['outbox']>().toEqualTypeOf<OutgoingComment[]>();
// A failed send resolves (the reply stays in the outbox as failed); it never rejects.
expectTypeOf<UseAddCommentResult['send']>().toEqualTypeOf<(body: string) => Promise<SendReplyResult>>();
expectTypeOf<UseAddCommentResult['retry']>().toEqualTypeOf<(localId: string) => Promise<SendReplyResult>>();
expectTypeOf<Extract<SendReplyResult, { status: 'sent' }>['comment']>().toEqualTypeOf<Comment>();
expectTypeOf<Extract<SendReplyResult, { status: 'failed' }>['error']>().toEqualTypeOf<PortalApiError>();
expectTypeOf<SendReplyResult['status']>().toEqualTypeOf<'sent' | 'failed'>();
expectTypeOf<UseAddCommentResult['edit']>().toEqualTypeOf<(localId: string) => string>();
expectTypeOf<UseAddCommentResult['discard']>().toEqualTypeOf<(localId: string) => void>();
expectTypeOf<UseAddCommentResult['isSending']>().toEqualTypeOf<boolean>();
// A union on status: only a failed reply carries an error.
expectTypeOf<OutgoingComment['status']>().toEqualTypeOf<'sending' | 'failed'>();
expectTypeOf<Extract<OutgoingComment, { status: 'failed' }>['error']>().toEqualTypeOf<PortalApiError | null>();
expectTypeOf<Extract<OutgoingComment, { status: 'sending' }>>().not.toHaveProperty('error');
expectTypeOf<OutgoingComment>().toHaveProperty('idempotencyKey').toEqualTypeOf<string>();

// --- useAttachmentUpload -----------------------------------------------------------

expectTypeOf(useAttachmentUpload).parameters.toEqualTypeOf<[options?: UseAttachmentUploadOptions]>();
expectTypeOf(useAttachmentUpload).returns.toEqualTypeOf<UseAttachmentUploadResult>();
expectTypeOf<UseAttachmentUploadOptions['ticketId']>().toEqualTypeOf<string | undefined>();
expectTypeOf<UseAttachmentUploadOptions['maxFiles']>().toEqualTypeOf<number | undefined>();
expectTypeOf<UseAttachmentUploadOptions['maxSize']>().toEqualTypeOf<number | undefined>();
expectTypeOf<UseAttachmentUploadOptions['accept']>().toEqualTypeOf<string[] | undefined>();
expectTypeOf<UseAttachmentUploadOptions['concurrency']>().toEqualTypeOf<number | undefined>();
expectTypeOf<UseAttachmentUploadOptions['value']>().toEqualTypeOf<UploadItem[] | undefined>();
expectTypeOf<UseAttachmentUploadOptions['onValueChange']>().toEqualTypeOf<((items: UploadItem[]) => void) | undefined>();
expectTypeOf<UseAttachmentUploadResult['items']>().toEqualTypeOf<UploadItem[]>();
expectTypeOf<UseAttachmentUploadResult['add']>().toEqualTypeOf<(files: Iterable<File>) => UploadRejection[]>();
expectTypeOf<UseAttachmentUploadResult['cancel']>().toEqualTypeOf<(id: string) => void>();
expectTypeOf<UseAttachmentUploadResult['retry']>().toEqualTypeOf<(id: string) => void>();
expectTypeOf<UseAttachmentUploadResult['remove']>().toEqualTypeOf<(id: string) => void>();
expectTypeOf<UseAttachmentUploadResult['attachmentIds']>().toEqualTypeOf<string[]>();
expectTypeOf<UseAttachmentUploadResult['isUploading']>().toEqualTypeOf<boolean>();
// The per-file status union: only uploading has progress, only uploaded an attachment, only failed an error.
expectTypeOf<UploadItem['status']>().toEqualTypeOf<'queued' | 'uploading' | 'uploaded' | 'failed'>();
expectTypeOf<Extract<UploadItem, { status: 'uploading' }>['loaded']>().toEqualTypeOf<number>();
expectTypeOf<Extract<UploadItem, { status: 'uploaded' }>['attachment']>().toEqualTypeOf<Attachment>();
expectTypeOf<Extract<UploadItem, { status: 'failed' }>['error']>().toEqualTypeOf<PortalApiError | Error>();
expectTypeOf<Extract<UploadItem, { status: 'queued' }>>().not.toHaveProperty('loaded');
expectTypeOf<Extract<UploadItem, { status: 'queued' }>>().not.toHaveProperty('error');
expectTypeOf<Extract<UploadItem, { status: 'uploading' }>>().not.toHaveProperty('error');
expectTypeOf<UploadRejectionCode>().toEqualTypeOf<'file-too-large' | 'file-invalid-type' | 'too-many-files' | 'file-empty'>();
expectTypeOf<UploadRejection>().toEqualTypeOf<{ file: File; code: UploadRejectionCode }>();

// --- useAttachments / useAttachmentUrl ---------------------------------------------

expectTypeOf(useAttachments).parameters.toEqualTypeOf<[ticketId: string | null | undefined, options?: { enabled?: boolean }]>();
expectTypeOf(useAttachments).returns.toEqualTypeOf<UseQueryResult<Attachment[], PortalApiError>>();
expectTypeOf(useAttachmentUrl).parameters.toEqualTypeOf<[ticketId: string, attachmentId: string, options?: UseAttachmentUrlOptions]>();
expectTypeOf(useAttachmentUrl).returns.toExtend<UseQueryResult<AttachmentDownload, PortalApiError>>();
expectTypeOf(useAttachmentUrl).returns.toHaveProperty('getFreshUrl').toEqualTypeOf<() => Promise<AttachmentDownload>>();
expectTypeOf<UseAttachmentUrlOptions>().toEqualTypeOf<{ enabled?: boolean }>();

// --- useDraft --------------------------------------------------------------------------

expectTypeOf(useDraft<string>).parameters.toEqualTypeOf<[key: string, initialValue: string]>();
expectTypeOf(useDraft<string>).returns.toEqualTypeOf<UseDraftResult<string>>();
expectTypeOf<UseDraftResult<string>[0]>().toEqualTypeOf<string>();
expectTypeOf<UseDraftResult<string>[1]>().toEqualTypeOf<(next: string | ((previous: string) => string)) => void>();
expectTypeOf<UseDraftResult<string>[2]>().toEqualTypeOf<() => void>();
expectTypeOf(useDraft<{ title: string }>).returns.toEqualTypeOf<UseDraftResult<{ title: string }>>();

// --- Query keys and options factories ----------------------------------------------------

expectTypeOf(portalKeys.all).toEqualTypeOf<readonly ['dispatchtickets']>();
expectTypeOf(portalKeys.ticket('t')).toEqualTypeOf<readonly ['dispatchtickets', 'tickets', 'detail', string]>();
expectTypeOf(portalKeys.ticketList).parameters.toEqualTypeOf<[filters?: TicketListFilters]>();

declare const client: PortalClient;
declare const queryClient: QueryClient;
// The options carry their data type to the cache: no casts when reading it back.
expectTypeOf(queryClient.getQueryData(ticketQueryOptions(client, 't').queryKey)).toEqualTypeOf<TicketDetail | undefined>();
expectTypeOf(queryClient.getQueryData(attachmentsQueryOptions(client, 't').queryKey)).toEqualTypeOf<Attachment[] | undefined>();
expectTypeOf(queryClient.getQueryData(attachmentUrlQueryOptions(client, 't', 'a').queryKey)).toEqualTypeOf<AttachmentDownload | undefined>();
// (React Query tags infinite keys with `unknown` page params.)
expectTypeOf(queryClient.getQueryData(ticketsQueryOptions(client, { status: 'open' }).queryKey)).toEqualTypeOf<
  InfiniteData<TicketPage, unknown> | undefined
>();
expectTypeOf(ticketsQueryOptions).returns.toHaveProperty('initialPageParam').toEqualTypeOf<string | null>();

// --- Errors ------------------------------------------------------------------------------

expectTypeOf<PortalApiError['code']>().toEqualTypeOf<PortalErrorCode>();
// The codes the kit sets are named (for autocompletion); a server's own code still fits.
expectTypeOf<'NOT_FOUND'>().toExtend<PortalErrorCode>();
expectTypeOf<'TICKET_NOT_FOUND'>().toExtend<PortalErrorCode>();

// --- One token response type --------------------------------------------------------------

expectTypeOf<ServerTokenResponse>().toEqualTypeOf<PortalTokenResponse>();
expectTypeOf<MockTokenResponse>().toEqualTypeOf<PortalTokenResponse>();
expectTypeOf<PortalTokenResponse>().toEqualTypeOf<{ token: string; expiresAt: string; customerId: string; email: string; name?: string | null }>();

// --- Behaviour hooks --------------------------------------------------------------------------

expectTypeOf<UseTicketListResult['query']>().toEqualTypeOf<UseTicketsResult>();
expectTypeOf<UseTicketListResult['tickets']>().toEqualTypeOf<Ticket[]>();
expectTypeOf<UseTicketListResult['statuses']>().toEqualTypeOf<string[]>();
expectTypeOf(useTicketList).returns.toEqualTypeOf<UseTicketListResult>();
expectTypeOf(useSeenTickets).returns.toHaveProperty('hasNewReply').toEqualTypeOf<(ticket: Ticket) => boolean>();

expectTypeOf(useReplyComposer).returns.toEqualTypeOf<UseReplyComposerResult>();
expectTypeOf<UseReplyComposerResult['reason']>().toEqualTypeOf<ReplyBlockReason | null>();
expectTypeOf<ReplyBlockReason>().toEqualTypeOf<'closed' | 'session-expired' | 'disabled' | 'uploading' | 'uploads-failed' | 'empty' | 'too-long'>();
expectTypeOf<UseReplyComposerResult['submit']>().toEqualTypeOf<() => Promise<ReplySubmitResult>>();
expectTypeOf<ReplySubmitResult['status']>().toEqualTypeOf<'blocked' | 'sent' | 'failed'>();

expectTypeOf(useNewTicketForm).returns.toEqualTypeOf<UseNewTicketFormResult>();
expectTypeOf<NewTicketFormStatus['status']>().toEqualTypeOf<'editing' | 'waiting-uploads' | 'uploads-failed' | 'sending' | 'failed' | 'created'>();
// Only a failure carries the error, only a created ticket the ticket.
expectTypeOf<Extract<NewTicketFormStatus, { status: 'failed' }>['error']>().toEqualTypeOf<PortalApiError>();
expectTypeOf<Extract<NewTicketFormStatus, { status: 'created' }>['ticket']>().toEqualTypeOf<Ticket>();
expectTypeOf<Extract<NewTicketFormStatus, { status: 'sending' }>>().not.toHaveProperty('error');
expectTypeOf<FieldIssue['code']>().toEqualTypeOf<'required' | 'too-long' | 'invalid' | 'rejected'>();
expectTypeOf<UseNewTicketFormResult['values']['subject']>().toEqualTypeOf<string>();

// --- Misuse the compiler must refuse -----------------------------------------------------

export function _misuse() {
  // @ts-expect-error the cursor is the infinite query's page param, not a filter
  useTickets({ cursor: 'abc' });
  // @ts-expect-error sort is createdAt or updatedAt
  useTickets({ sort: 'title' });
  // @ts-expect-error a ticket id is a string
  useTicket(42);
  // @ts-expect-error useAddComment needs the ticket id
  useAddComment();
  // @ts-expect-error a reply is text
  void useAddComment('t').send({ body: 'x' });
  // @ts-expect-error createTicket needs a title
  useCreateTicket().mutate({ body: 'no title' });
  // @ts-expect-error pollInterval is a number or false
  useTicket('t', { pollInterval: true });
  // @ts-expect-error files, not strings
  useAttachmentUpload().add(['a.png']);
  const [text, setText] = useDraft('k', '');
  // @ts-expect-error the draft keeps its type
  setText(42);
  // @ts-expect-error a token or getToken, not both
  createPortalClient({ token: 't', getToken: () => 't' });
  // @ts-expect-error a token or getToken, not neither
  createPortalClient({ baseUrl: '/api' });
  // @ts-expect-error a reply's reason is one of the codes
  const reason: ReplyBlockReason = 'nope';
  return [text, reason];
}

// The provider takes a token or getToken: exactly one.
expectTypeOf<{ token: string }>().toExtend<PortalProviderProps>();
expectTypeOf<{ getToken: () => string }>().toExtend<PortalProviderProps>();
expectTypeOf<{ token: string; getToken: () => string }>().not.toExtend<PortalProviderProps>();
expectTypeOf<{ baseUrl: string }>().not.toExtend<PortalProviderProps>();
