'use client';
import { useEffect, useState } from 'react';
/**
 * Keeps the session's server-side producer in step with the scenario's `rate` and `size`:
 * `POST /stream/start?rate=&size=` (it restarts with the new values), or `/stream/stop` for rate 0.
 * The server refuses what it cannot do (rate × size over its byte budget) and the page shows why.
 * Inactive (before Run) it sends nothing.
 */
import { LAB_PATHS, type StreamStatus, streamStartPath } from '@/lib/lab/endpoints';

export interface ProducerState {
  /** What the server said it runs: "running: 2 msg/s of 100 B" or the refusal. */
  text: string;
  refused: boolean;
}

export function useProducer(
  labBase: string | undefined,
  rate: number,
  size: number,
  /** False until the learner presses Run: nothing is published before. */
  active = true,
) {
  const [state, setState] = useState<ProducerState>({
    text: active ? 'off' : 'not started (press Run)',
    refused: false,
  });
  useEffect(() => {
    if (!labBase || !active) return;
    const controller = new AbortController();
    const path = rate > 0 ? streamStartPath({ rate, size }) : LAB_PATHS.streamStop;
    const timer = setTimeout(() => {
      fetch(`${labBase}${path}`, { method: 'POST', cache: 'no-store', signal: controller.signal })
        .then(async (res) => {
          if (!res.ok) {
            const body = (await res.text()).slice(0, 200).trim();
            setState({ text: `refused (${res.status}): ${body}`, refused: true });
            return;
          }
          const s = (await res.json()) as StreamStatus;
          setState({
            text: s.running ? `running: ${s.rate} msg/s of ${s.size} B` : 'stopped',
            refused: false,
          });
        })
        .catch((err: Error) => {
          if (!controller.signal.aborted)
            setState({ text: `failed: ${err.message}`, refused: true });
        });
    }, 100);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [labBase, rate, size, active]);
  return state;
}
