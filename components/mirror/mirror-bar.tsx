'use client';

import { useState } from 'react';
import { CAPTURE_FILE_TYPES } from '@/lib/capture/file-types';
import { groupThousands } from '@/lib/format/grouped';
import type { CaptureFormat } from './dissect-protocol';
import styles from './mirror-bar.module.css';
import type { MirrorNotice } from './mirror-client';
import {
  useEventLog,
  useMirror,
  useMirrorNotices,
  useMirrorStatus,
  useReplayCapture,
  useThinned,
} from './mirror-provider';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

const FORMATS: readonly { value: CaptureFormat; label: string }[] = [
  { value: 'json', label: 'JSON' },
  { value: 'pcapng', label: 'pcapng' },
  { value: 'har', label: 'HAR' },
];

const NOTICE_PREFIX: Record<MirrorNotice['kind'], string> = {
  limit: 'Limit reached: ',
  error: 'Mirror error: ',
  draining: 'Server restarting: ',
};

/** Mirror connection status, session id, event count, notices and the capture download. */
export function MirrorBar() {
  const status = useMirrorStatus();
  const notices = useMirrorNotices();
  const { log } = useEventLog();
  const client = useMirror();
  const [format, setFormat] = useState<CaptureFormat>('json');
  const [failure, setFailure] = useState<string | null>(null);
  const thinned = useThinned();
  const replay = useReplayCapture();
  const session = status.state === 'connecting' ? undefined : (status.session ?? undefined);

  const download = () => {
    if (!session) return;
    setFailure(null);
    client.exportCapture(format).then(
      (file) => {
        const blob = new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.mime });
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = file.name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <div>
      <div className={`${styles.bar} ${status.state === 'open' ? styles.open : ''}`}>
        <span role="status" aria-live="polite">
          <span className={styles.dot} aria-hidden="true" />
          {status.state === 'connecting' && 'Mirror: connecting…'}
          {status.state === 'open' && 'Mirror: recording'}
          {status.state === 'closed' && 'Mirror: disconnected'}
          {status.state === 'replay' && 'Replay: offline'}
        </span>
        {session ? (
          <span className={styles.sessionLabel}>
            session <span className={styles.session}>{session.slice(0, 8)}…</span>
          </span>
        ) : null}
        <span>
          {groupThousands(log.released + log.length)} event
          {log.released + log.length === 1 ? '' : 's'}
          {log.released > 0
            ? ` (the oldest ${groupThousands(log.released)} released from this page's memory; the download keeps them)`
            : ''}
          {log.dropped > 0 ? `, ${log.dropped} discarded by the server (cap)` : ''}
          {log.missing > 0 ? `, ${log.missing} missing` : ''}
        </span>
        <span className={styles.download}>
          <select
            aria-label="Capture format"
            value={format}
            onChange={(ev) => setFormat(ev.target.value as CaptureFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={download} disabled={log.length === 0}>
            Download<span className={styles.word}> capture</span>
          </button>
        </span>
        {replay !== null ? (
          <label className={styles.open}>
            Open<span className={styles.word}> a capture</span>…
            <input
              type="file"
              accept={CAPTURE_FILE_TYPES}
              onChange={(ev) => {
                const file = ev.target.files?.[0];
                if (file !== undefined) replay(file);
              }}
            />
          </label>
        ) : null}
      </div>
      {status.state === 'replay' ? (
        <div role="status" className={status.error === undefined ? styles.notice : styles.alert}>
          {status.error !== undefined ? (
            <>
              <strong>{status.name} could not be replayed:</strong> {status.error}{' '}
            </>
          ) : status.format === null ? (
            <>Reading {status.name}… </>
          ) : (
            <>
              <strong>Replaying {status.name}</strong> ({status.format},{' '}
              {groupThousands(status.records)} records) offline: nothing on this page is live, and
              Run does nothing until you go back.
              {status.warnings.length > 0 ? ` Notes: ${status.warnings.join('; ')}.` : ''}{' '}
            </>
          )}
          <button type="button" onClick={() => window.location.reload()}>
            Back to live
          </button>
        </div>
      ) : null}
      {status.state === 'closed' ? (
        <div role="alert" className={styles.alert}>
          {status.session === undefined ? (
            <>
              <strong>The mirror could not connect</strong> (close code {status.code}): this page
              has no session, so nothing is recorded. The reason, when the server gave one, is
              below. Reload the page to try again.{' '}
            </>
          ) : (
            <>
              <strong>The mirror connection dropped</strong> (close code {status.code}
              {status.reason ? `: ${status.reason}` : ''}). Traffic is no longer being recorded;
              what is shown stays as captured. Reload the page to start a new session.{' '}
            </>
          )}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {thinned.frames > 0 && status.state !== 'connecting' ? (
        <p className={styles.notice} role="status">
          <strong>Capture thinned:</strong> {groupThousands(thinned.frames)} WebSocket frame
          {thinned.frames === 1 ? '' : 's'} ({formatBytes(thinned.bytes)}) crossed the edge but are
          not in this capture: this session went past its mirror budget of{' '}
          {status.state === 'open'
            ? `${formatBytes(status.limits.mirrorBytesPerSecond)}/s or ${groupThousands(status.limits.mirrorFramesPerSecond)} frames/s`
            : 'bytes and frames per second'}
          . Your traffic was not slowed; the frames are counted on the timeline where they were left
          out.
        </p>
      ) : null}
      {failure !== null ? (
        <p className={styles.alert} role="status">
          Capture download failed: {failure}
        </p>
      ) : null}
      {notices.map((n) => (
        <p key={n.id} className={n.kind === 'error' ? styles.alert : styles.notice} role="status">
          {NOTICE_PREFIX[n.kind]}
          {n.message}
        </p>
      ))}
    </div>
  );
}
