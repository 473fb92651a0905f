import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';

/** Runs lesson 2 and downloads its capture in one format; returns the file's path. */
async function captureOf(page: Page, format: 'pcapng' | 'har' | 'json'): Promise<string> {
  await page.getByRole('combobox', { name: 'Capture format' }).selectOption(format);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download capture' }).click();
  const path = await (await download).path();
  return path;
}

async function runLesson(page: Page) {
  await page.goto('/lessons/websocket-frames');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step="text"]')).toHaveAttribute('data-done', 'true');
}

const frames = (page: Page) => page.getByRole('grid', { name: /WebSocket frames/ });

for (const format of ['pcapng', 'har', 'json'] as const) {
  test(`a ${format} capture downloaded from a run replays offline through the same views`, async ({
    page,
    context,
  }) => {
    await runLesson(page);
    const path = await captureOf(page, format);
    if (format === 'pcapng') expect((await readFile(path)).readUInt32LE(0)).toBe(0x0a0d0d0a);

    const replay = await context.newPage();
    await replay.goto('/lessons/websocket-frames');
    await expect(replay.getByText('Mirror: recording')).toBeVisible();
    await replay.getByLabel(/Open/).setInputFiles({
      name: `capture.${format}`,
      mimeType: 'application/octet-stream',
      buffer: await readFile(path),
    });
    const banner = replay.getByRole('status').filter({ hasText: 'Replaying capture' });
    await expect(banner).toContainText(format === 'json' ? 'wirelab-json' : format);
    await expect(replay.getByText('Replay: offline')).toBeVisible();
    // The text frame the run sent, dissected again from the file, in the lesson's own table and
    // proving the lesson's first step.
    await expect(
      frames(replay).getByRole('row').filter({ hasText: 'hello frames' }).first(),
    ).toBeVisible();
    await expect(replay.locator('[data-step="text"]')).toHaveAttribute('data-done', 'true');
  });
}

test('a file that is no capture is refused with what it looks like, and the page stays usable', async ({
  page,
}) => {
  await page.goto('/lab');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByLabel(/Open/).setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello, this is not a capture'),
  });
  const alert = page.getByRole('status').filter({ hasText: 'could not be replayed' });
  await expect(alert).toContainText('notes.txt');
  await expect(alert).toContainText(/text|pcapng|HAR/);
  await alert.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByText('Mirror: recording')).toBeVisible();
});
