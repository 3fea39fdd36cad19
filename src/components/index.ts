export { Root as PortalRoot } from './shared/Root';
export type { RootProps as PortalRootProps, PortalTheme } from './shared/Root';
export { ComponentsProvider as PortalComponentsProvider } from './shared/overrides';
export type {
  AvatarProps,
  EmptyStateProps,
  MessageBubbleProps,
  PortalComponents,
  StatusBadgeProps,
} from './shared/overrides';
export { MessageBody } from './MessageBody';
export type { MessageBodyProps } from './MessageBody';
