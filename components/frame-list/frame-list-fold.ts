/**
 * The page's frame index: the sequence diagram's labels (so a row reads like its arrow), with a
 * longer preview of plain text messages, capped at DEFAULT_CAP rows. Module-level: its identity
 * keys the page's fold store, so every list on a page shares one index.
 */
import { DEFAULT_CAP, type FrameLike, frameIndexFold } from '@/lib/live/frame-index';
import { eventLabel, truncate } from '../sequence/event-label';

const TEXT_PREVIEW = 60;

export function rowLabel(e: FrameLike): string {
  if (e.kind === 'ws-frame' && e.message?.text !== undefined) {
    const eio = e.message.eio;
    if (!eio) return `text ${JSON.stringify(truncate(e.message.text, TEXT_PREVIEW))}`;
    // Heartbeats and other Engine.IO control packets named, not only numbered ("eio 2 ping").
    if (eio.type !== 'message' && eio.type !== 'open' && eio.encoded !== undefined) {
      return `eio ${truncate(eio.encoded, 30)} ${eio.type}`;
    }
  }
  return eventLabel(e);
}

export const frameListFold = frameIndexFold({ cap: DEFAULT_CAP, label: rowLabel });
