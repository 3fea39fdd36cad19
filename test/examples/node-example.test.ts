// docs/mock.md's no-MSW example (examples/node/tickets.test.ts) runs here as written.
const example = '../../examples/node/tickets.test.ts';
await import(/* @vite-ignore */ example);

export {};
