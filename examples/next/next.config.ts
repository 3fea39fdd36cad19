// next.config.ts
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  async headers() {
    // The sign-in page's URL carries a single-use token: keep it out of the
    // Referer of every request the page makes.
    return [{ source: '/support/sign-in', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] }];
  },
};

export default nextConfig;
