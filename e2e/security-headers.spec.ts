import { expect, type Page, test } from '@playwright/test';

/**
 * Every page carries the security headers (server/page-headers.ts), and under that policy the pages
 * still work: no CSP violation and no console error while the home page loads and while the
 * handshake lesson runs its real WebSocket through the edge.
 */

/** Collects CSP violations (as the page sees them) and console errors, from before any script. */
async function watch(page: Page): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile})`);
    });
  });
  return { errors };
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

function expectPageHeaders(headers: Record<string, string>) {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'[^;]*'strict-dynamic'/);
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

test('home page: security headers, a fresh nonce per response, no CSP violation', async ({
  page,
  request,
}) => {
  const seen = await watch(page);
  const response = await page.goto('/');
  expect(response).not.toBeNull();
  const headers = response?.headers() ?? {};
  expectPageHeaders(headers);
  await expect(page.getByRole('heading', { name: 'Watch your own browser talk.' })).toBeVisible();
  // Next put the response's nonce on its scripts (Chromium hides the attribute; the property stays).
  const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'] ?? '')?.[1];
  const scriptNonces = await page.evaluate(() =>
    [...document.querySelectorAll('script')].map((s) => s.nonce),
  );
  expect(scriptNonces.length).toBeGreaterThan(0);
  for (const n of scriptNonces) expect(n).toBe(nonce);
  // Client-side navigation to a lesson works under the policy.
  await page
    .getByRole('link', { name: /WebSocket handshake/i })
    .first()
    .click();
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(seen.errors).toEqual([]);

  // Another response, another nonce.
  const again = await request.get('/');
  expect(again.headers()['content-security-policy']).not.toBe(headers['content-security-policy']);
});

test('the handshake lesson runs under the CSP (same-origin ws: and lab requests allowed)', async ({
  page,
  request,
}) => {
  const seen = await watch(page);
  const response = await page.goto('/lessons/websocket-handshake');
  expectPageHeaders(response?.headers() ?? {});
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(
    page
      .getByRole('table', { name: /Upgrade request/ })
      .getByRole('cell', { name: /^GET \/lab\/[0-9a-f]{32}\/ws HTTP\/1\.1$/ }),
  ).toBeVisible();
  await expect(page.getByText('✓ match')).toBeVisible();
  await expect(page.getByRole('region', { name: /WebSocket connection/ })).toContainText('closed');
  expect(await violations(page)).toEqual([]);
  expect(seen.errors).toEqual([]);

  // Lab and operational responses carry nosniff too.
  const health = await request.get('/healthz');
  expect(health.headers()['x-content-type-options']).toBe('nosniff');
  const unknown = await request.get(`/lab/${'0'.repeat(32)}/`);
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['x-content-type-options']).toBe('nosniff');
});

test('a page cannot be framed by another origin', async ({ page, baseURL }) => {
  // The same server seen as a different origin (localhost vs 127.0.0.1) frames the lesson.
  const other = (baseURL ?? '').replace('127.0.0.1', 'localhost');
  await page.goto(`${other}/healthz`);
  const blocked = page.waitForEvent('console', (m) => /frame-ancestors|refused to/i.test(m.text()));
  await page.setContent(`<iframe src="${baseURL}/lessons/websocket-handshake"></iframe>`);
  await blocked;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(
    await frame?.evaluate(() => document.querySelector('main') !== null).catch(() => false),
  ).toBe(false);
});

test('every lesson and the lab load without a CSP violation', async ({ page }) => {
  const seen = await watch(page);
  await page.goto('/lessons');
  const hrefs = await page
    .locator('a[href^="/lessons/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href') ?? ''))]);
  expect(hrefs.length).toBeGreaterThan(5);
  for (const href of [...hrefs, '/lab']) {
    await page.goto(href);
    await expect(page.getByText('Mirror: recording')).toBeVisible();
    expect({ href, violations: await violations(page) }).toEqual({ href, violations: [] });
  }
  expect(seen.errors).toEqual([]);
});
