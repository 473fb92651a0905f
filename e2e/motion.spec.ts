import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/**
 * Motion from the wire: at 1/10 the captured frames travel between lanes (each moving item is an
 * arrow of the diagram, by seq); under prefers-reduced-motion nothing is interpolated, arrows appear
 * whole. A MutationObserver installed before Run records what was ever drawn in flight, so the test
 * needs no sleeps.
 */
async function watchMotion(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __flying: Set<string> };
    w.__flying = new Set();
    const record = () => {
      for (const el of document.querySelectorAll('[data-testid="motion-layer"] [data-seq]')) {
        w.__flying.add(el.getAttribute('data-seq') ?? '');
      }
      for (const el of document.querySelectorAll('[data-phase="in-flight"]')) {
        w.__flying.add(el.getAttribute('data-seq') ?? '');
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase', 'data-progress'],
    });
  });
}

const flying = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { __flying: Set<string> }).__flying]);

async function runAtOneTenth(page: Page) {
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '1/10' });
  await watchMotion(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The clock plays the run through in slow motion, then follows live again.
  await expect(page.getByRole('button', { name: '● Live' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: /WebSocket connection/ })).toContainText('closed');
  await expect(page.getByRole('button', { name: '● Live' })).toBeVisible({ timeout: 30_000 });
}

test('at 1/10 captured frames travel between lanes, each one an arrow of the diagram', async ({
  page,
}) => {
  await runAtOneTenth(page);
  const seqs = await flying(page);
  expect(seqs.length).toBeGreaterThan(0);
  const diagram = page.getByRole('group', { name: /^Sequence diagram/ });
  for (const seq of seqs) {
    // Every moving item is a captured event the diagram lists, and not a marker or a fault.
    const arrow = diagram.locator(`[role="button"][data-seq="${seq}"]`);
    await expect(arrow).toHaveCount(1);
    await expect(arrow).not.toHaveAttribute('data-kind', /^(marker|fault)$/);
  }
  await expect(page.getByText(/moving: drawn over ≤ 25\.0 ms of wire time/)).toBeVisible();
});

test.describe('reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('arrows appear whole at their time: nothing is ever drawn in flight', async ({ page }) => {
    await runAtOneTenth(page);
    // Replay from the start at 1/10 too.
    const readout = page.getByRole('group', { name: 'Timeline' }).locator('output');
    await page.getByRole('button', { name: '❚❚ Pause', exact: true }).click();
    await expect(readout).toContainText('PAUSED');
    // At the end, Play replays the session from its start.
    await page.getByRole('button', { name: '▶ Play', exact: true }).click();
    await expect(readout).toContainText(/PLAYING|LIVE/);
    await expect(page.getByRole('button', { name: '● Live' })).toBeVisible({ timeout: 30_000 });
    expect(await flying(page)).toEqual([]);
    const diagram = page.getByRole('group', { name: /^Sequence diagram/ });
    await expect(
      diagram.getByRole('button', { name: /101 Switching Protocols/ }).first(),
    ).toBeVisible();
  });
});

test('the timeline plays, pauses, steps and scrubs one clock; the readout says where it is', async ({
  page,
}) => {
  await runAtOneTenth(page);
  const readout = page.getByRole('group', { name: 'Timeline' }).locator('output');
  await expect(readout).toContainText(
    /LIVE · 1\/10 · [\d.]+ (ms|s) since the first event · event \d+ of \d+/,
  );
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(readout).toContainText('PAUSED');
  await expect(readout).toContainText(/start, before event 1 of \d+/);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toContainText(/event 1 of \d+: run 1/);
  await page.getByRole('button', { name: /Step forward/ }).click();
  await expect(readout).toContainText(/event 2 of \d+: TCP open/);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '1/100' });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(readout).toContainText('PLAYING · 1/100');
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await expect(readout).toContainText('PAUSED');
  await page.getByRole('button', { name: /Go live/ }).click();
  await expect(readout).toContainText('LIVE');
});

test('no serious or critical axe violation in the traffic views, after a run', async ({ page }) => {
  await runAtOneTenth(page);
  const results = await new AxeBuilder({ page }).include('[data-testid="traffic-views"]').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
});

test('at 375 px all three lanes are on screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const lanes = page.getByTestId('traffic-views').locator('svg[aria-hidden="true"] text');
  await expect(lanes.filter({ hasText: 'Node' })).toHaveCount(1);
  for (const name of ['Browser', 'Edge', 'Node']) {
    const box = await lanes.filter({ hasText: name }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
  }
});
