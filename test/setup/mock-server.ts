// Vitest globalSetup for the browser project: one mock portal API over real
// HTTP on a random port, shared by every browser test file. Its values reach
// tests through `inject('mockBaseUrl')` etc. (types in ./provided.d.ts).
// `allowLocalhostOrigins` lets the Vitest page (http://localhost:<port>) pass
// the portal's CORS check whatever port Vitest picks.
import type { TestProject } from 'vitest/node';
import { startMockServer } from '../../src/mock/node';
import { SEED } from '../../src/mock/seed';

export default async function setup(project: TestProject) {
  const server = await startMockServer({ port: 0, hostname: '127.0.0.1', allowLocalhostOrigins: true });
  project.provide('mockBaseUrl', server.baseUrl);
  project.provide('mockUrl', server.url);
  project.provide('mockApiKey', SEED.apiKey);
  project.provide('mockBrandId', SEED.brandId);
  return async () => {
    await server.close();
  };
}
