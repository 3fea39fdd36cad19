export { createPortalGateway } from './createPortalGateway';
export {
  GatewayConfigError,
  type ArticleSearchContext,
  type GatewayCapabilities,
  type GatewayErrorEvent,
  type GatewayLimits,
  type MagicLinkEmail,
  type PortalGateway,
  type PortalGatewayOptions,
  type RatingEvent,
} from './options';
export { memoryStore, type GatewayStore, type MemoryStoreOptions } from './store';
export { redisStore, type RedisStoreOptions } from './redisStore';
export {
  diskBlobStore,
  memoryBlobStore,
  BlobTooLargeError,
  type BlobStore,
  type DiskBlobStoreOptions,
  type MemoryBlobStoreOptions,
} from './blobs';
export type { StoredRating } from './serialize';
export * from './backend';
export { createUpstream, multipartFile, retryAfterSeconds, type Upstream, type UpstreamOptions, type UpstreamRequest, type UpstreamResponse } from './upstream';
