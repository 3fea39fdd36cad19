#!/usr/bin/env node
/// <reference types="node" />
/**
 * The package's command line: `npx @dispatchtickets/react <command>`, or
 * `npx dispatchtickets <command>` once installed. Built by scripts/build.mjs
 * into one self-contained file (Hono bundled), so `npx` needs nothing else.
 */
import { MOCK_USAGE, runMockCli } from '../mock/cli';

const USAGE = `Usage: dispatchtickets <command> [options]

Commands:
  mock    start a mock Dispatch Tickets API for local development

${MOCK_USAGE}`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'mock') {
  await runMockCli(rest);
} else if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else {
  process.stderr.write(`dispatchtickets: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}
