/**
 * What the page bench (bench/page-fps.ts) reads from Chromium besides frame times: the page's JS
 * heap (CDP Runtime.getHeapUsage), its dissect worker's JS heap (the same call sent to the worker
 * target through a browser-level CDP session), and the resident memory of the renderer processes
 * this bench started (/proc, Linux only). Each is best effort: NaN when it cannot be read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';

export interface HeapProbe {
  /** JS heap used by the page's main thread, bytes. */
  page(): Promise<number>;
  /** JS heap used by the page's workers (the dissector), bytes. */
  workers(): Promise<number>;
  close(): Promise<void>;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export async function heapProbe(browser: Browser, page: Page): Promise<HeapProbe> {
  const pageCdp = await page.context().newCDPSession(page);
  const browserCdp: CDPSession = await browser.newBrowserCDPSession();
  // Worker sessions, not flattened: messages go through Target.sendMessageToTarget.
  const sessions: string[] = [];
  const pending = new Map<number, (result: { usedSize?: number }) => void>();
  let nextId = 1;
  browserCdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.result ?? {});
    pending.delete(message.id);
  });
  const { targetInfos } = (await browserCdp.send('Target.getTargets')) as {
    targetInfos: TargetInfo[];
  };
  for (const target of targetInfos.filter((t) => t.type === 'worker')) {
    const attached = (await browserCdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    sessions.push(attached.sessionId);
  }
  const workerHeap = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(Number.NaN);
      }, 5_000);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result.usedSize ?? Number.NaN);
      });
      void browserCdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(Number.NaN));
    });
  return {
    async page() {
      const usage = (await pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return usage.usedSize;
    },
    async workers() {
      if (sessions.length === 0) return Number.NaN;
      const heaps = await Promise.all(sessions.map(workerHeap));
      return heaps.reduce((a, b) => a + b, 0);
    },
    async close() {
      await pageCdp.detach().catch(() => {});
      await browserCdp.detach().catch(() => {});
    },
  };
}

/** Forces a full GC in the page (after measuring frames: it would cost one long frame). */
export async function collectGarbage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Resident memory of the Chromium renderer processes descended from this process, bytes. */
export function rendererRss(): number {
  let total = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  for (const dir of pids) {
    const pid = Number(dir);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      let ancestor = parentOf(pid);
      while (ancestor > 1 && ancestor !== process.pid) ancestor = parentOf(ancestor);
      if (ancestor !== process.pid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (rss === undefined) continue;
      total += Number(rss) * 1024;
      found = true;
    } catch {
      // The process ended meanwhile.
    }
  }
  return found ? total : Number.NaN;
}
