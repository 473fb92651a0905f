import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/chrome/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Wire Lab', template: '%s · Wire Lab' },
  description:
    "Watch your own browser's WebSocket, Socket.IO, long-polling and SSE traffic, byte by byte.",
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry the request's CSP nonce (server/page-headers.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
