'use client';

import { useEffect, useRef } from 'react';
import { TRANSPORT_LABELS, type Transport } from '@/lib/scenario/schema';
import type { MirrorClient } from '../mirror/mirror-client';

/**
 * Live transport switching: when the scenario's transport changes while a socket is open, the old
 * Engine.IO session is closed and `reconnect` opens a new one with the new transports (marked on
 * the timeline).
 */
export function useTransportSwitch(
  mirror: MirrorClient,
  current: Transport,
  active: boolean,
  reconnect: () => void,
) {
  const previous = useRef(current);
  const reconnectRef = useRef(reconnect);
  reconnectRef.current = reconnect;
  useEffect(() => {
    if (previous.current === current) return;
    previous.current = current;
    if (!active) return;
    mirror.mark(`transport → ${TRANSPORT_LABELS[current]}`, 'the old session is closed');
    reconnectRef.current();
  }, [current, active, mirror]);
}
