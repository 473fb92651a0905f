'use client';

import { type RefObject, useEffect, useState } from 'react';

/** Width and height of an element, updated by a ResizeObserver. */
export function useElementSize<T extends HTMLElement>(
  ref: RefObject<T | null>,
  fallback: { width: number; height: number } = { width: 640, height: 400 },
): { width: number; height: number } {
  const [size, setSize] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        Math.round(r.width) === s.width && Math.round(r.height) === s.height
          ? s
          : { width: Math.round(r.width), height: Math.round(r.height) },
      );
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
