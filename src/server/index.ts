/**
 * `@dispatchtickets/react/server`: backend helpers for issuing portal tokens
 * with your API key. Runs on Node, edge runtimes, Deno and Bun (no `node:*`
 * imports); never import it from browser code.
 */
export {
  createPortalTokenHandler,
  type PortalTokenHandler,
  type PortalTokenHandlerOptions,
  type SignedInCustomer,
} from './createPortalTokenHandler';
export { issuePortalToken, type IssuePortalTokenOptions, type PortalCustomer, type PortalTokenResponse } from './issuePortalToken';
export { sendMagicLink, type SendMagicLinkOptions } from './sendMagicLink';
export { toNodeHandler, type NodeHandlerContext, type NodeRequestLike, type NodeResponseLike } from './toNodeHandler';
export { PortalTokenError, isPortalTokenError, type PortalTokenErrorInit, type PortalTokenErrorKind } from './errors';
export { DEFAULT_BASE_URL, type AdminApiOptions } from './adminRequest';
