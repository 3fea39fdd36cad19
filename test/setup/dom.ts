import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// CI runs jsdom beside Chromium on two cores: a response that takes 1 s there is
// slow, not wrong, and code the kit loads on demand is compiled by Vite on its
// first import in a run, which under that load has taken seconds. waitFor/findBy
// still resolve the moment their check passes.
configure({ asyncUtilTimeout: 10_000 });

// What the kit loads on demand, compiled and evaluated once before the tests: a
// first import there compiles it (seconds under CI load), which let work from one
// test finish inside the next. The kit still loads each one asynchronously.
const onDemand = Object.values(
  import.meta.glob([
    '../../src/client/{renewal,backoff,extensions,upload,events,errorBody}.ts',
    '../../src/hooks/{ticketUpdates,send/lazy,form/formActions,create/sendTicket,search/articles}.ts',
    '../../src/queries/live.ts',
    '../../src/components/{TicketActions/TicketActions,TicketList/TicketListFilters,NewTicketForm/NewTicketForm,NewTicketForm/FormExtensions,AttachmentUploader/AttachmentUploader}.tsx',
    '../../src/components/MessageBody/{markdownEngine,emailParts}.ts',
  ]),
);
// 19 modules: a renamed one must be renamed here too.
if (onDemand.length !== 19) throw new Error(`test setup: ${onDemand.length} on-demand modules found, 19 expected`);
await Promise.all(onDemand.map((load) => load()));

afterEach(() => cleanup());
