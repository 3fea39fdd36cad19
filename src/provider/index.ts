export { PortalProvider } from './PortalProvider';
export type { PortalProviderProps } from './PortalProvider';
export { usePortal } from './context';
export type { PortalContextValue } from './context';
