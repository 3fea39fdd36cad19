import { describe, expect, it } from 'vitest';
import { normalizeCapabilities } from '../../src/client/extensions';

describe('normalizeCapabilities', () => {
  it('turns every feature off unless the backend said exactly true', () => {
    const caps = normalizeCapabilities({ features: { search: 'yes', close: 1, reopen: true, unknown: true } })!;
    expect(caps.features).toEqual({
      form: false,
      search: false,
      multiStatus: false,
      close: false,
      reopen: true,
      rating: false,
      articles: false,
      attachments: false,
      events: false,
    });
    expect(caps).toMatchObject({ backend: '', statuses: [], rating: null });
    expect(caps.limits).toEqual({ maxFileSize: null, maxFiles: null, accept: [], titleMaxLength: null, bodyMaxLength: null });
  });

  it('offers ratings only with a scale it knows', () => {
    expect(normalizeCapabilities({ features: { rating: true }, rating: { scale: 'stars7' } })).toMatchObject({ rating: null, features: { rating: false } });
    expect(normalizeCapabilities({ features: { rating: true } })).toMatchObject({ rating: null, features: { rating: false } });
    expect(normalizeCapabilities({ features: { rating: true }, rating: { scale: 'scale10' } })).toMatchObject({
      rating: { scale: 'scale10' },
      features: { rating: true },
    });
  });

  it('keeps statuses safe to show: hex colours only, keys lower-cased and unique, labels bounded', () => {
    const caps = normalizeCapabilities({
      statuses: [
        { key: 'Open', label: 'Open', color: '#1A7F37' },
        { key: 'open', label: 'Duplicate' },
        { key: 'pending', label: 'x'.repeat(500), color: 'red;background:url(https://evil.example)' },
        { key: 'solved', color: 'url(javascript:alert(1))', closed: true },
        { label: 'no key' },
        'garbage',
      ],
    })!;
    expect(caps.statuses).toEqual([
      { key: 'open', label: 'Open', color: '#1A7F37', closed: false },
      { key: 'pending', label: 'x'.repeat(64), color: null, closed: false },
      { key: 'solved', label: 'solved', color: null, closed: true },
    ]);
  });

  it('keeps only positive limits and string accept entries', () => {
    const caps = normalizeCapabilities({ limits: { maxFileSize: 1024.7, maxFiles: -1, accept: ['image/*', 3, ''], titleMaxLength: 'big', bodyMaxLength: Infinity } })!;
    expect(caps.limits).toEqual({ maxFileSize: 1024, maxFiles: null, accept: ['image/*'], titleMaxLength: null, bodyMaxLength: null });
  });

  it('reads a body that is not an object as nothing (the client reports an invalid response)', () => {
    expect(normalizeCapabilities('<html>')).toBeNull();
    expect(normalizeCapabilities([])).toBeNull();
  });
});
