export { PortalProvider } from './PortalProvider';
export type { PortalProviderProps, PortalProviderSettings, PortalProviderTokenProps } from './PortalProvider';
export { usePortal } from './context';
export type { PortalContextValue } from './context';
export type { SeenTicketsStore } from './seenTickets';
