import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/**
 * The lab's frame list with a few thousand real frames: only the rows in view are in the DOM, the
 * filters hide Engine.IO heartbeats, the keyboard moves the selection and opens the inspector, and
 * the list follows the newest row until the user scrolls up.
 */

const grid = (page: Page) => page.getByRole('grid', { name: /Frames on both hops/ });
const bodyRows = (page: Page) =>
  grid(page).locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
const rowCount = async (page: Page) => Number(await grid(page).getAttribute('aria-rowcount')) - 1;
/** Rows between the given row and the newest (0: it is the newest). Heartbeats keep arriving: poll it. */
const behindNewest = async (page: Page, row: ReturnType<typeof bodyRows>) =>
  (await rowCount(page)) + 1 - Number(await row.getAttribute('aria-rowindex'));

async function burst(page: Page, times: number) {
  for (let i = 0; i < times; i++) {
    await page.getByRole('button', { name: 'Send numbered' }).click();
    await expect(page.getByTestId('burst')).toContainText('all 100 accounted for');
  }
}

test('thousands of frames: few rows in the DOM, filters, keyboard, following the tail', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Socket.IO with a fast heartbeat: Engine.IO pings ("2") and pongs ("3") inside text frames.
  await page.goto('/lab?transport=socketio&pingInterval=500');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByTestId('transport-status')).toContainText('open', { timeout: 20_000 });
  await page.getByLabel('Numbered messages').fill('100');
  await burst(page, 6);

  // Every message crosses both hops each way: well over 2,000 rows, a few dozen in the DOM.
  await expect.poll(() => rowCount(page)).toBeGreaterThan(2000);
  const inDom = await grid(page).getByRole('row').count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(60);
  // Following the tail: the newest frame is in the DOM, the first is not.
  await expect.poll(() => behindNewest(page, bodyRows(page).last())).toBe(0);
  await expect(grid(page).locator('[aria-rowindex="2"]')).toHaveCount(0);

  // Heartbeats are listed, and "Hide ping/pong" hides every one of them.
  const find = page.getByRole('searchbox', { name: 'Find' });
  await find.fill('eio 2 ping');
  await expect(bodyRows(page).first()).toContainText('eio 2 ping');
  await expect.poll(() => rowCount(page)).toBeGreaterThan(1);
  await page.getByRole('checkbox', { name: 'Hide ping/pong' }).check();
  await expect.poll(() => rowCount(page)).toBe(0);
  await expect(page.getByText('No frame matches these filters.')).toBeVisible();
  await find.fill('eio 3 pong');
  await expect(page.getByText('No frame matches these filters.')).toBeVisible();
  await find.fill('');
  await expect.poll(() => rowCount(page)).toBeGreaterThan(2000);
  await expect(grid(page).getByText(/eio [23] p[io]ng/)).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Hide ping/pong' }).uncheck();

  // Keyboard: Home selects the first row, ↓ moves, Enter opens the inspector.
  await grid(page).focus();
  await page.keyboard.press('Home');
  const selected = grid(page).locator('[role="row"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-rowindex', '4');
  const id = await selected.getAttribute('id');
  expect(await grid(page).getAttribute('aria-activedescendant')).toBe(id);
  const seq = ((await selected.getByRole('button').textContent()) ?? '').trim();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Inspector: #${seq}` })).toBeVisible();
  // The grid keeps focus, the way it was left.
  await expect(grid(page)).toBeFocused();
  // The grid with rows, a selection and an open row: no serious or critical axe violation.
  const axe = await new AxeBuilder({ page }).include('[role="grid"]').analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id),
  ).toEqual([]);

  // Scrolled away from the tail: new frames do not move the view; the button says how many.
  const top = await grid(page).evaluate((el) => el.scrollTop);
  await burst(page, 1);
  const jump = page.getByRole('button', { name: /Jump to latest \([\d,]+ new\)/ });
  await expect(jump).toBeVisible();
  expect(await grid(page).evaluate((el) => el.scrollTop)).toBe(top);
  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(() => behindNewest(page, bodyRows(page).last())).toBe(0);
  // Focus came back to the grid with the button gone: End selects the newest row.
  await expect(grid(page)).toBeFocused();
  await page.keyboard.press('End');
  await expect.poll(() => behindNewest(page, selected)).toBeLessThan(4);
});
