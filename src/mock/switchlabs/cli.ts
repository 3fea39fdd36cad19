/// <reference types="node" />
import { startSwitchLabsMockServer } from '../node';
import { SWITCHLABS_SEED } from './seed';

const print = (line = '') => process.stdout.write(`${line}\n`);

/**
 * `npm run mock -- --backend switchlabs` (or `MOCK_BACKEND=switchlabs`): the
 * Switch Labs CRM mock on a real port. Env: `PORT` (default 4011), `HOST`.
 */
export async function mainSwitchLabs(port: number, host: string | undefined): Promise<void> {
  let server: Awaited<ReturnType<typeof startSwitchLabsMockServer>>;
  try {
    server = await startSwitchLabsMockServer({ port, ...(host ? { hostname: host } : {}) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    process.stderr.write(code === 'EADDRINUSE' ? `mock: port ${port} is in use. Set PORT to another port.\n` : `mock: ${String(err)}\n`);
    process.exit(1);
  }
  print('Switch Labs CRM mock REST API');
  print(`  Base URL:   ${server.baseUrl}`);
  print(`  API key:    ${SWITCHLABS_SEED.apiKey}`);
  print(`  Customers:  ${SWITCHLABS_SEED.customers.jordan.email} (8 tickets), ${SWITCHLABS_SEED.customers.jordanB.email}, ${SWITCHLABS_SEED.customers.blocked.email} (blocked)`);
  print(`  Controls:   ${server.url}/__mock/switchlabs/state (see src/mock/README.md)`);
  print('Ready.');
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
