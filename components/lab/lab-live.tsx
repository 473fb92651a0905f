'use client';

import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Suspense } from 'react';
import { MirrorProvider } from '../mirror/mirror-provider';
import { LabPanel } from './lab-panel';

/** The lab page's live part: the mirror session and the panel (nuqs's adapter is in the layout). */
export function LabLive() {
  return (
    // Scenario links live in the URL (nuqs): only the pages with a live panel load the adapter.
    <NuqsAdapter>
      <Suspense fallback={<p>Loading the lab…</p>}>
        <MirrorProvider>
          <LabPanel />
        </MirrorProvider>
      </Suspense>
    </NuqsAdapter>
  );
}
