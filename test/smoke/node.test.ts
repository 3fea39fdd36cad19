import { describe, expect, it } from 'vitest';
describe('smoke', () => { it('node', () => { expect(typeof fetch).toBe('function'); }); });
