/**
 * The page's dissector: the mirror's binary batches come here (transferred, not copied), are
 * dissected with the same lib/wire codecs the tests use, and go back to the page as WireEvents.
 * The main thread never parses a byte of the capture.
 */
import { importCapture } from '@/lib/capture/import';
import { exportCapture } from './capture-export';
import type { FromDissector, ToDissector } from './dissect-protocol';
import { Dissector } from './dissector';

const scope = globalThis as unknown as {
  onmessage: ((ev: MessageEvent<ToDissector>) => void) | null;
  postMessage(message: FromDissector, transfer?: Transferable[]): void;
};

let dissector = new Dissector();

scope.onmessage = (ev) => {
  const msg = ev.data;
  try {
    if (msg.type === 'hello') {
      dissector = new Dissector(msg.maxPayload, msg.startEpochMs);
    } else if (msg.type === 'batch') {
      const { events, dropped } = dissector.batch(new Uint8Array(msg.buf));
      scope.postMessage({
        type: 'events',
        events,
        dropped,
        capturedBytes: dissector.capturedBytes,
        thinned: dissector.thinned,
      });
    } else if (msg.type === 'import') {
      replay(msg.buf, msg.name);
    } else if (msg.type === 'export') {
      const file = exportCapture(dissector, msg.format, msg.session, dissector.startEpochMs);
      scope.postMessage({ type: 'export', id: msg.id, ...file }, [file.data.buffer as ArrayBuffer]);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (msg.type === 'export') scope.postMessage({ type: 'export-error', id: msg.id, message });
    else if (msg.type === 'import') scope.postMessage({ type: 'import-error', message });
    else scope.postMessage({ type: 'error', message });
  }
};

/** Events go to the page in slices, so a 100,000-frame capture never makes one huge message. */
const REPLAY_SLICE = 20_000;

function replay(buf: ArrayBuffer, name: string): void {
  const imported = importCapture(new Uint8Array(buf), name);
  dissector = new Dissector(imported.maxPayload, imported.startEpochMs ?? 0);
  const events = dissector.ingest(imported.records);
  for (let i = 0; i < events.length || i === 0; i += REPLAY_SLICE) {
    scope.postMessage({
      type: 'events',
      events: events.slice(i, i + REPLAY_SLICE),
      dropped: 0,
      capturedBytes: dissector.capturedBytes,
      thinned: dissector.thinned,
    });
  }
  scope.postMessage({
    type: 'imported',
    format: imported.format,
    records: imported.records.length,
    warnings: imported.warnings,
    ...(imported.session === undefined ? {} : { session: imported.session }),
  });
}
