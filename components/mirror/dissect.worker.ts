/**
 * The page's dissector: the mirror's binary batches come here (transferred, not copied), are
 * dissected with the same lib/wire codecs the tests use, and go back to the page as WireEvents.
 * The main thread never parses a byte of the capture.
 */
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
      dissector = new Dissector(msg.maxPayload);
    } else if (msg.type === 'batch') {
      const { events, dropped } = dissector.batch(new Uint8Array(msg.buf));
      scope.postMessage({
        type: 'events',
        events,
        dropped,
        capturedBytes: dissector.capturedBytes,
        thinned: dissector.thinned,
      });
    } else if (msg.type === 'export') {
      const file = exportCapture(dissector, msg.format, msg.session);
      scope.postMessage({ type: 'export', id: msg.id, ...file }, [file.data.buffer as ArrayBuffer]);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (msg.type === 'export') scope.postMessage({ type: 'export-error', id: msg.id, message });
    else scope.postMessage({ type: 'error', message });
  }
};
