import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the HTTP listener; Next only renders pages.
  devIndicators: false,
};

export default config;
