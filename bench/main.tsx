// Benchmark scenarios, driven by scripts/bench.mjs through `window.bench`.
// Render cost = one synchronous mount (React render + commit + layout effects
// + browser layout) with the data already cached, so only rendering is timed.
import { flushSync } from 'react-dom';
import { createRoot, type Root as ReactRoot } from 'react-dom/client';
import { QueryClient } from '@tanstack/react-query';
import {
  AttachmentUploader,
  PortalProvider,
  TicketList,
  TicketThread,
  attachmentsQueryOptions,
  createPortalClient,
  portalKeys,
  ticketQueryOptions,
  ticketsQueryOptions,
  type TicketListFilters,
} from '../src';
import '../src/styles/index.css';
import { createMockPortal } from '../src/mock';

const API = 'https://bench.dispatch.test/v1';
const EMAIL = 'bulk@example.com';
const stage = document.getElementById('stage') as HTMLElement;

const mock = createMockPortal();
const getToken = () => mock.issuePortalToken({ email: EMAIL });
const client = createPortalClient({ baseUrl: API, getToken, fetch: mock.fetch });
const newCache = () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });

let queryClient = newCache();
let element: React.ReactElement | null = null;
let root: ReactRoot | null = null;

function wrap(children: React.ReactNode) {
  return (
    <PortalProvider baseUrl={API} getToken={getToken} queryClient={queryClient} pollInterval={false} clientOptions={{ fetch: mock.fetch }}>
      {children}
    </PortalProvider>
  );
}

/** Mounts once and waits until `ready()` holds (data loaded, skeletons gone). */
async function mountUntil(ready: () => boolean) {
  root = createRoot(stage);
  root.render(element);
  for (let i = 0; i < 400 && !ready(); i += 1) await new Promise((r) => setTimeout(r, 25));
  if (!ready()) throw new Error('bench: the component never finished loading');
  root.unmount();
}

function timeMount(): number {
  const start = performance.now();
  root = createRoot(stage);
  flushSync(() => root?.render(element));
  stage.getBoundingClientRect();
  void stage.offsetHeight; // force style and layout
  const elapsed = performance.now() - start;
  root.unmount();
  return elapsed;
}

async function prepareList(count: number) {
  queryClient = newCache();
  element = wrap(<TicketList pageSize={50} />);
  await mountUntil(() => stage.querySelectorAll('[role="listitem"], li').length > 0);
  // Load exactly `count` tickets into the list's own cache entry.
  const [key] = queryClient.getQueryCache().findAll({ queryKey: portalKeys.ticketLists() }).map((q) => q.queryKey);
  const filters = (key?.[key.length - 1] ?? {}) as TicketListFilters;
  // A cached entry is fresh forever here: drop it so `pages` really loads.
  queryClient.removeQueries({ queryKey: key, exact: true });
  await queryClient.fetchInfiniteQuery({ ...ticketsQueryOptions(client, filters), pages: Math.ceil(count / 50) });
  const loaded = queryClient.getQueryData<{ pages: { tickets: unknown[] }[] }>(key ?? []);
  return loaded?.pages.reduce((n, p) => n + p.tickets.length, 0) ?? 0;
}

async function prepareThread(comments: number) {
  queryClient = newCache();
  let ticketId = 'tkt_bulk_0001';
  if (comments !== 1000) {
    const customer = mock.store.findCustomerByEmail('br_demo', EMAIL);
    const ticket = mock.store.createTicket({ customerId: customer?.id, title: `Bench thread with ${comments} replies`, body: 'Hello' });
    for (let i = 0; i < comments; i += 1) {
      mock.store.addComment(ticket.id, {
        body: i % 2 ? `Reply **${i}** with a [link](https://example.com/${i})` : `<p>Email reply ${i}</p>`,
        authorType: i % 2 ? 'STAFF' : 'CUSTOMER',
        authorName: i % 2 ? 'Sam' : 'Bulk',
      });
    }
    ticketId = ticket.id;
  }
  const detail = await queryClient.fetchQuery(ticketQueryOptions(client, ticketId));
  await queryClient.fetchQuery(attachmentsQueryOptions(client, ticketId));
  element = wrap(<TicketThread ticketId={ticketId} />);
  await mountUntil(() => stage.querySelector('[aria-busy="true"]') === null && stage.textContent !== '');
  return detail.comments.length;
}

/** Renders the uploader against a real mock server over HTTP (for the memory check). */
async function mountUploader(baseUrl: string) {
  const mint = async () => {
    const res = await fetch(`${baseUrl}/brands/br_demo/portal/token`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_demo', 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com` }),
    });
    return res.json();
  };
  queryClient = newCache();
  root = createRoot(stage);
  root.render(
    <PortalProvider baseUrl={baseUrl} getToken={mint} queryClient={queryClient}>
      <AttachmentUploader maxSize={50 * 1024 * 1024} />
    </PortalProvider>,
  );
}

Object.assign(window, { bench: { prepareList, prepareThread, timeMount, mountUploader } });
document.title = 'bench ready';
