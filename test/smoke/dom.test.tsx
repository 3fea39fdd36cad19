import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
describe('smoke', () => { it('dom', () => { render(<button>Hi</button>); expect(screen.getByRole('button')).toHaveTextContent('Hi'); }); });
