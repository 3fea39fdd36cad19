/**
 * `@dispatchtickets/react/mock/switchlabs`: a mock of a Switch Labs CRM
 * install's REST API (`/api/v1`) with its own in-memory store, behaviour
 * switches and faults, for testing a portal gateway on that backend. Runs in
 * browsers and Node; serve it over HTTP with `startSwitchLabsMockServer` from
 * `@dispatchtickets/react/mock/node`.
 */
export { createSwitchLabsMock, type SwitchLabsMock, type SwitchLabsMockOptions } from './createSwitchLabsMock';
export { SwitchLabsFaults, type SwitchLabsBodyFault, type SwitchLabsBodyFaultRule, type SwitchLabsFaultState } from './faults';
export { SwitchLabsFixtureOps, type FixtureCustomer, type PlantedArticles, type PlantedHidden } from './fixture';
export { SWITCHLABS_SEED, switchLabsSeedIds, type SwitchLabsSeedIds } from './seed';
export { SwitchLabsStore, type SlIdStyle } from './store';
export { DEFAULT_SWITCHES, SWITCH_VALUES, type SwitchLabsSwitches } from './switches';
export { CONTROL_BASE as SWITCHLABS_CONTROL_BASE } from './control';
export { API_BASE as SWITCHLABS_API_BASE } from './routes';
export type {
  SlApiKey,
  SlArticle,
  SlArticleStatus,
  SlCollection,
  SlConversation,
  SlConversationType,
  SlCustomer,
  SlCustomerStatus,
  SlOutboundNotification,
  SlTag,
  SlTicket,
  SlTicketPriority,
  SlTicketStatus,
  SlUser,
} from './types';
