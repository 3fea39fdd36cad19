/**
 * `@dispatchtickets/react/server/testing`: the portal gateway's conformance
 * and attack suite, to run against any adapter, and the in-memory reference
 * adapter it was developed against. For tests and development only.
 */
export {
  runConformance,
  type ConformanceFailure,
  type ConformanceFixture,
  type ConformanceOptions,
  type ConformanceReport,
} from './conformance';
export { memoryBackend, type MemoryBackend, type MemoryBackendOptions } from './memoryBackend';
export { readEventStream, type EventStreamReader, type StreamEvent } from './eventStream';
