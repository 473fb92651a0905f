'use client';
/**
 * The URL scenario, forwarded to the session's edge: right after the mirror's hello, then on every
 * change (debounced, so a dragged slider sends its resting value, not every step).
 */
import { useEffect, useRef } from 'react';
import type { Scenario } from '@/lib/scenario/schema';
import { useMirror, useMirrorStatus } from '../mirror/mirror-provider';
import { type ScenarioState, useScenario } from './use-scenario';

export const SCENARIO_DEBOUNCE_MS = 150;

export function useSyncedScenario(): ScenarioState {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const state = useScenario();
  const session = status.state === 'open' ? status.session : null;
  const sent = useRef<{ session: string; json: string } | null>(null);
  const json = JSON.stringify(state.scenario);
  useEffect(() => {
    if (session === null) return;
    const send = () => {
      if (mirror.sendScenario(JSON.parse(json) as Scenario)) sent.current = { session, json };
    };
    if (sent.current?.session !== session) {
      send(); // first message after hello: the edge starts from the defaults
      return;
    }
    if (sent.current.json === json) return;
    const timer = setTimeout(send, SCENARIO_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [session, json, mirror]);
  return state;
}
