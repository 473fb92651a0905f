'use client';
/**
 * What every live panel runs inside: the URL scenario adapter (nuqs) and the page's mirror channel.
 * Loaded with the panel, after the page's first load (live-lesson.tsx), never on pages without one.
 */
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { type ComponentType, Suspense } from 'react';
import { MirrorProvider } from '../mirror/mirror-provider';

export function Loading() {
  return (
    <p role="status" aria-live="polite">
      Loading the live panel…
    </p>
  );
}

/** Wraps a lesson panel in the scenario adapter and the mirror. */
export function withLive(Panel: ComponentType): ComponentType {
  return function LivePanel() {
    return (
      <NuqsAdapter>
        <Suspense fallback={<Loading />}>
          <MirrorProvider>
            <Panel />
          </MirrorProvider>
        </Suspense>
      </NuqsAdapter>
    );
  };
}
