import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the HTTP listener; Next only renders pages.
  devIndicators: false,
  // Dev assets are served to pages opened on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1'],
};

export default config;
