export { cx } from './cx';
export type { ClassNames } from './cx';
export { Root, useRootSettings } from './Root';
export type { PortalTheme, RootProps, RootSettings } from './Root';
export { ComponentsProvider, usePart } from './overrides';
export type {
  AvatarProps,
  EmptyStateProps,
  MessageBubbleProps,
  PortalComponents,
  StatusBadgeProps,
} from './overrides';
export { StatusBadge } from './StatusBadge';
export { EmptyState } from './EmptyState';
export { ErrorNotice } from './ErrorNotice';
export type { ErrorNoticeProps } from './ErrorNotice';
export { LiveRegion, useAnnouncer } from './LiveRegion';
export { RelativeTime } from './RelativeTime';
export { FileIcon } from './FileIcon';
