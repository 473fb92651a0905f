/**
 * One lesson's e2e, and the routing and drain checks, through a real load balancer: two Wire Lab
 * instances (ROUTE_KEY a1b2 and c3d4) behind Debian's nginx, all started by e2e-lb/global-setup.ts.
 * Run with `bash scripts/lb-e2e.sh` (finds or installs nginx, needs `npm run build` first).
 */
import { defineConfig, devices } from '@playwright/test';
import { balancerPort } from './e2e-lb/cluster';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  webServer: undefined,
  globalSetup: './e2e-lb/global-setup.ts',
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'test-results/e2e-lb.json' }],
  ],
  use: { ...base.use, baseURL: `http://127.0.0.1:${balancerPort()}` },
  projects: [
    {
      name: 'lesson through the balancer',
      testMatch: 'e2e/websocket-handshake.spec.ts',
      use: { ...devices['Desktop Chrome'] },
    },
    { name: 'routing', testMatch: 'e2e-lb/routing.spec.ts' },
    // Last: it stops one instance.
    {
      name: 'drain',
      testMatch: 'e2e-lb/drain.spec.ts',
      retries: 0, // the instance it stopped stays stopped
      dependencies: ['lesson through the balancer', 'routing'],
    },
  ],
});
