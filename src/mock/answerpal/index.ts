/**
 * `@dispatchtickets/react/mock/answerpal`: a mock of the AnswerPal API (login
 * JWTs, end users, tickets with page-number paging, messages with drafts and
 * AI content, multipart attachments with public access-token downloads, bulk
 * actions, its error and 429 formats) for the gateway's AnswerPal adapter.
 * Runs in browsers and Node; serve it over HTTP with `startAnswerPalMockServer`
 * from `@dispatchtickets/react/mock/node`.
 */
export { createAnswerPalMock, DEFAULT_SWITCHES as ANSWERPAL_DEFAULT_SWITCHES, type AnswerPalMock } from './createAnswerPalMock';
export { AnswerPalStore, type NewAttachment, type NewEndUser, type NewMessage, type NewTicket } from './store';
export { AnswerPalFixture, type FixtureCustomer, type FixtureTicket, type PlantedContent } from './fixture';
export { ANSWERPAL_SEED } from './seed';
export { parseSwitches as parseAnswerPalSwitches, switchesByContractName as answerPalSwitchesByContractName } from './control';
export type {
  AnswerPalMockOptions,
  AnswerPalRole,
  AnswerPalSwitches,
  ApAttachment,
  ApChannel,
  ApEndUser,
  ApEndUserUid,
  ApMessage,
  ApRep,
  ApTenant,
  ApTicket,
} from './types';
