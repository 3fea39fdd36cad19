import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// CI runs jsdom beside Chromium on two cores: a response that takes 1 s there is
// slow, not wrong, and code the kit loads on demand is compiled by Vite on its
// first import in a run, which under that load has taken seconds. waitFor/findBy
// still resolve the moment their check passes.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
