/**
 * For the page-wide checks (a11y.spec.ts, overflow-375.spec.ts): what to press on each lesson so
 * its views hold real traffic (Run), and what shows that the widest content has arrived.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface FirstAction {
  press: RegExp[];
  shown?: (page: Page) => Locator;
}

const RUN: FirstAction = { press: [/^Run$/] };

/** Every lesson starts with one Run; some need their widest content to arrive before a check. */
export const FIRST_ACTIONS: Record<string, FirstAction> = {
  'websocket-handshake': RUN,
  'websocket-frames': RUN,
  heartbeat: RUN,
  'socketio-stack': RUN,
  'engineio-upgrade': {
    press: [/^Run$/],
    shown: (page) =>
      page.getByRole('region', { name: 'Runs side by side' }).getByRole('row').nth(1),
  },
  'long-polling': RUN,
  'polling-sse-websocket': RUN,
  'rooms-namespaces': RUN,
  'reconnect-backoff': RUN,
  backpressure: RUN,
  'ordering-replay': RUN,
  'delivery-guarantees': RUN,
  'auth-sessions': RUN,
};

/** The mirror bar's event count. */
export async function eventCount(page: Page): Promise<number> {
  const text = await page
    .getByText(/^\d+ events?/)
    .first()
    .textContent();
  return Number(/^(\d+)/.exec(text ?? '')?.[1] ?? 0);
}

/**
 * Presses the lesson's first action and waits until its traffic is on screen. Returns false for
 * lessons without one (they start by themselves and already show traffic).
 */
export async function runFirstAction(page: Page, slug: string): Promise<boolean> {
  const action = FIRST_ACTIONS[slug];
  if (action === undefined) return false;
  const before = await eventCount(page);
  for (const name of action.press) await page.getByRole('button', { name }).first().click();
  await expect.poll(() => eventCount(page)).toBeGreaterThanOrEqual(before + 4);
  if (action.shown) await expect(action.shown(page)).toBeVisible();
  return true;
}
