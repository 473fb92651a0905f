/**
 * For the page-wide checks (a11y.spec.ts, overflow-375.spec.ts): what to press on each lesson so
 * its views hold real traffic, and what shows that the widest content has arrived. Button names
 * accept today's labels and the coming one-word "Run".
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface FirstAction {
  press: RegExp[];
  shown?: (page: Page) => Locator;
}

export const FIRST_ACTIONS: Record<string, FirstAction> = {
  'websocket-handshake': { press: [/^Run$/] },
  'websocket-frames': { press: [/^(Run|Connect)$/] },
  heartbeat: { press: [/^(Run|Start)$/] },
  'socketio-stack': { press: [/^(Run|Connect)$/] },
  'engineio-upgrade': {
    press: [/^Run$/],
    shown: (page) =>
      page.getByRole('region', { name: 'Runs side by side' }).getByRole('row').nth(1),
  },
  'rooms-namespaces': { press: [/^(Run|Connect)$/] },
  'reconnect-backoff': { press: [/^(Run|Connect)$/] },
  backpressure: { press: [/^(Run|Start a \d+-second run)/] },
  'ordering-replay': { press: [/^(Run|Start the stream)/] },
  'delivery-guarantees': { press: [/^(Run|Start the stream)$/] },
  'auth-sessions': {
    press: [/^(Run|Get token)$/, /^Connect \/secure$/],
    shown: (page) => page.getByText(/server emits "welcome"/).first(),
  },
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
