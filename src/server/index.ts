/**
 * `@dispatchtickets/react/server`: backend helpers for issuing portal tokens
 * with your API key, and the portal gateway. Runs on Node, edge runtimes, Deno
 * and Bun (no static `node:*` imports: the gateway's default disk store loads
 * `node:fs` on first use); never import it from browser code.
 */
export {
  createPortalTokenHandler,
  type PortalTokenHandler,
  type PortalTokenHandlerGatewayOptions,
  type PortalTokenHandlerOptions,
  type SignedInCustomer,
} from './createPortalTokenHandler';
export { issuePortalToken, type IssuePortalTokenOptions, type PortalCustomer, type PortalTokenResponse } from './issuePortalToken';
export { sendMagicLink, type SendMagicLinkOptions } from './sendMagicLink';
export { toNodeHandler, type NodeHandlerContext, type NodeRequestLike, type NodeResponseLike } from './toNodeHandler';
export { PortalTokenError, isPortalTokenError, type PortalTokenErrorInit, type PortalTokenErrorKind } from './errors';
export { DEFAULT_BASE_URL, type AdminApiOptions } from './adminRequest';
// The portal gateway: the portal protocol on top of any helpdesk (see README, "Portal gateway").
export * from './gateway';
// The first adapter: the gateway on the Dispatch Tickets admin API.
export { dispatchAdmin, type DispatchAdminOptions } from './adapters/dispatchAdmin';
export { switchLabs, type SwitchLabsOptions, type SwitchLabsWarning } from './adapters/switchLabs';
export { answerPal, type AnswerPalOptions } from './adapters/answerPal';
