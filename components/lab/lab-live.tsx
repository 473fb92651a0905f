'use client';

import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Suspense } from 'react';
import { MirrorProvider } from '../mirror/mirror-provider';
import { LabPanel } from './lab-panel';

/** The lab page's live part: URL scenario (nuqs), the mirror session, the panel. Client-only. */
export function LabLive() {
  return (
    <NuqsAdapter>
      <Suspense fallback={<p>Loading the lab…</p>}>
        <MirrorProvider>
          <LabPanel />
        </MirrorProvider>
      </Suspense>
    </NuqsAdapter>
  );
}
