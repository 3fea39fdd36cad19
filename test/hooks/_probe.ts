import { ticketsQueryOptions, type PortalClient } from '../../src/headless';
declare const client: PortalClient;
const o = ticketsQueryOptions(client, { status: 'open' });
export const k: number = o.queryKey;
export const o2: number = o;
