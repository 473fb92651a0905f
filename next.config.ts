import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // Lets several builds coexist in one checkout (e.g. parallel e2e work); CI uses the default.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the HTTP listener; Next only renders pages.
  devIndicators: false,
  // Dev assets are served to pages opened on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1'],
};

export default config;
