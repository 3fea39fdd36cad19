/*
 * Types for `@dispatchtickets/react` imports inside this repository only.
 * In your app they come from the installed package. Here the demo imports
 * the package by its public name (Vite's resolve.alias in vite.config.ts
 * maps it to src/), and the typecheck must not need a library build first,
 * so each name the demo uses is pointed at its source. Add a line when the
 * demo starts using another export.
 */
/* eslint-disable @typescript-eslint/consistent-type-imports */

declare module '@dispatchtickets/react' {
  type Kit = typeof import('../src/index');
  export const PortalProvider: Kit['PortalProvider'];
  export const SupportPortal: Kit['SupportPortal'];
  export const verifyMagicLink: Kit['verifyMagicLink'];
  export type GetTokenContext = import('../src/index').GetTokenContext;
  export type PortalMessages = import('../src/index').PortalMessages;
  export type PortalTheme = import('../src/index').PortalTheme;
  export type PortalTokenResponse = import('../src/index').PortalTokenResponse;
  export type PortalView = import('../src/index').PortalView;
  export type SupportPortalProps = import('../src/index').SupportPortalProps;
  export type TokenResult = import('../src/index').TokenResult;
}

declare module '@dispatchtickets/react/server' {
  type Server = typeof import('../src/server/index');
  export const answerPal: Server['answerPal'];
  export const createPortalGateway: Server['createPortalGateway'];
  export const createPortalTokenHandler: Server['createPortalTokenHandler'];
  export const dispatchAdmin: Server['dispatchAdmin'];
  export const isPortalTokenError: Server['isPortalTokenError'];
  export const memoryBlobStore: Server['memoryBlobStore'];
  export const sendMagicLink: Server['sendMagicLink'];
  export const switchLabs: Server['switchLabs'];
  export const toNodeHandler: Server['toNodeHandler'];
  export type NodeHandlerContext = import('../src/server/index').NodeHandlerContext;
  export type PortalBackend = import('../src/server/index').PortalBackend;
}

declare module '@dispatchtickets/react/mock/node' {
  type Node = typeof import('../src/mock/node');
  export const startSwitchLabsMockServer: Node['startSwitchLabsMockServer'];
  export const startAnswerPalMockServer: Node['startAnswerPalMockServer'];
  export type SwitchLabsMockServer = import('../src/mock/node').SwitchLabsMockServer;
  export type AnswerPalMockServer = import('../src/mock/node').AnswerPalMockServer;
}

declare module '@dispatchtickets/react/mock/switchlabs' {
  export const SWITCHLABS_SEED: (typeof import('../src/mock/switchlabs/index'))['SWITCHLABS_SEED'];
  export type SlConversation = import('../src/mock/switchlabs/index').SlConversation;
  export type SlTicket = import('../src/mock/switchlabs/index').SlTicket;
  export type SlTicketStatus = import('../src/mock/switchlabs/index').SlTicketStatus;
}

declare module '@dispatchtickets/react/mock/answerpal' {
  export const ANSWERPAL_SEED: (typeof import('../src/mock/answerpal/index'))['ANSWERPAL_SEED'];
  export type ApMessage = import('../src/mock/answerpal/index').ApMessage;
  export type ApTicket = import('../src/mock/answerpal/index').ApTicket;
}

declare module '@dispatchtickets/react/locales/de' {
  export const de: (typeof import('../src/i18n/locales/de'))['de'];
}

declare module '@dispatchtickets/react/locales/ar' {
  export const ar: (typeof import('../src/i18n/locales/ar'))['ar'];
}

declare module '@dispatchtickets/react/styles.css';
