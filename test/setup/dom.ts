import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// CI runs jsdom beside Chromium on two cores: a response that takes 1 s there is
// slow, not wrong. waitFor/findBy still resolve the moment their check passes.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
