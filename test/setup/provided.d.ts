// Values provided by test/setup/mock-server.ts (browser project globalSetup).
// Read them in tests with `inject('mockBaseUrl')` from 'vitest'.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>/v1`: the portal API base URL. */
    mockBaseUrl: string;
    /** `http://127.0.0.1:<port>`: origin of the mock (for `/__mock/*` controls). */
    mockUrl: string;
    /** `sk_test_demo`. */
    mockApiKey: string;
    /** `br_demo`. */
    mockBrandId: string;
  }
}
