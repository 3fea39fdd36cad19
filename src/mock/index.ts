/**
 * `@dispatchtickets/react/mock`: a mock Dispatch Tickets portal API with its
 * own in-memory store, for tests, Storybook and demos. Runs in browsers and
 * Node. Serve it over HTTP with `@dispatchtickets/react/mock/node` or inside
 * MSW with `@dispatchtickets/react/mock/msw`.
 */
export { createMockPortal, type MockPortal } from './createMockPortal';
export { MockStore, isHiddenFromPortal, type AddAttachmentInput, type AddCommentInput, type CreateTicketInput, type MagicLinkRecord } from './store';
export {
  MockFaults,
  type MockDropRule,
  type MockFailureRule,
  type MockFaultState,
  type MockLatencyRule,
  type MockRouteSelector,
  type MockStorm,
} from './faults';
export {
  MockWebhooks,
  MOCK_WEBHOOK_EVENTS,
  type MockWebhookAttempt,
  type MockWebhookConfig,
  type MockWebhookDelivery,
  type MockWebhookEvent,
  type MockTicketChanges,
} from './webhooks';
export { SEED } from './seed';
export { LIMITS } from './routes/portal';
export { makePdf, makePng } from './assets';
export type {
  MockApiKey,
  MockAttachment,
  MockAttachmentStatus,
  MockAuthorType,
  MockBrand,
  MockComment,
  MockCommentMetadata,
  MockCustomer,
  MockOutboxEntry,
  MockPortalOptions,
  MockRateLimit,
  MockRequestRecord,
  MockStoredObject,
  MockTicket,
  MockTicketPriority,
  MockTicketStatus,
  MockVariants,
  PortalTokenResponse,
} from './types';
export { createAnswerPalMock, ANSWERPAL_SEED, type AnswerPalMock, type AnswerPalMockOptions, type AnswerPalSwitches } from './answerpal';
