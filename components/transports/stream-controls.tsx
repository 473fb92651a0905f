'use client';
/**
 * The session's server-side producer: POST /stream/start?rate=N&size=B pushes the same numbered
 * messages to every transport (long poll, SSE, Socket.IO `feed`); /stream/stop ends it.
 */
import { useId, useState } from 'react';
import { LAB_PATHS, type StreamStatus, streamStartPath } from '@/lib/lab/endpoints';
import type { Transport } from '@/lib/scenario/schema';
import styles from '../lessons/shared/panel.module.css';

const RATES = [1, 5, 10, 50] as const;

export function StreamControls({
  labBase,
  transport,
}: {
  labBase: string | undefined;
  transport: Transport;
}) {
  const [rate, setRate] = useState<number>(5);
  const [status, setStatus] = useState<StreamStatus | null>(null);
  const [error, setError] = useState('');
  const rateId = useId();

  const call = async (path: string) => {
    if (!labBase) return;
    setError('');
    try {
      const res = await fetch(`${labBase}${path}`, { method: 'POST', cache: 'no-store' });
      if (!res.ok) {
        setError(`${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        return;
      }
      setStatus((await res.json()) as StreamStatus);
    } catch (err) {
      setError(`${path} failed: ${(err as Error).message}`);
    }
  };

  return (
    <div className={styles.controls}>
      <label htmlFor={rateId}>Stream rate</label>
      <select id={rateId} value={rate} onChange={(e) => setRate(Number(e.currentTarget.value))}>
        {RATES.map((r) => (
          <option key={r} value={r}>
            {r} msg/s
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => void call(streamStartPath({ rate, size: 64 }))}
        disabled={!labBase}
      >
        Start stream
      </button>
      <button type="button" onClick={() => void call(LAB_PATHS.streamStop)} disabled={!labBase}>
        Stop stream
      </button>
      <span role="status" className={styles.status}>
        {error ||
          (status
            ? status.running
              ? `Server stream started: ${status.rate} msg/s of ${status.size} B`
              : `Server stream stopped after ${status.published} messages`
            : 'Server stream: off')}
        {transport === 'websocket'
          ? ' · the raw WebSocket here is the echo endpoint: the stream reaches long polling, SSE and Socket.IO'
          : ''}
      </span>
    </div>
  );
}
