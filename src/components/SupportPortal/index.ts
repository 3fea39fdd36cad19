export { SupportPortal } from './SupportPortal';
export type { PortalView, SupportPortalPart, SupportPortalProps } from './types';
