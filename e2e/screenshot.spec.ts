import { expect, test } from '@playwright/test';

/**
 * The handshake lesson after a run, at 1280 and 375 px (no sideways scrolling on a phone). With
 * UPDATE_SCREENSHOT=1 the 1280 px image replaces the README's public/screenshot.png; otherwise both
 * go to the test output folder, so a test run does not change tracked files.
 */
for (const width of [1280, 375]) {
  test(`screenshot of the handshake lesson at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 1280 ? 1000 : 900 });
    await page.goto('/lessons/websocket-handshake');
    await expect(page.getByText('Mirror: recording')).toBeVisible();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('✓ match')).toBeVisible();
    await expect(page.getByRole('region', { name: /WebSocket connection/ })).toContainText(
      'closed',
    );
    await page.getByRole('button', { name: /text "hello", Browser to Edge/ }).click();
    await page
      .getByRole('region', { name: /WebSocket connection/ })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const update = width === 1280 && process.env.UPDATE_SCREENSHOT === '1';
    const path = update
      ? 'public/screenshot.png'
      : test.info().outputPath(`handshake-${width}.png`);
    await page.screenshot({ path, fullPage: width !== 1280 });
    // The page must not scroll sideways on a phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
  });
}
