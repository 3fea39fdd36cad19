import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
describe('smoke', () => { it('browser', async () => { const s = await render(<button>Hi</button>); await expect.element(s.getByRole('button')).toHaveTextContent('Hi'); }); });
