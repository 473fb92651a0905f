import createMDX from '@next/mdx';
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // Lets several builds coexist in one checkout (e.g. parallel e2e work); CI uses the default.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // Profiling aid: `BROWSER_SOURCE_MAPS=1 NEXT_DIST_DIR=.next-prof npm run build` makes a separate
  // build whose browser chunks have source maps, so a CPU profile of a page names source files.
  productionBrowserSourceMaps: process.env.BROWSER_SOURCE_MAPS === '1',
  // The custom server (server/main.ts) owns the HTTP listener; Next only renders pages.
  devIndicators: false,
  // Dev assets are served to pages opened on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1'],
};

// Lesson texts are MDX (content/lessons/*.mdx): prose with live components (<Step>) where the text
// explains them. Rendered on the server; the components they use come from mdx-components.tsx.
const withMDX = createMDX({});

export default withMDX(config);
