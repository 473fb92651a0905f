'use client';

/** Picks the live panel for a lesson slug. Client-only: it opens real connections. */
export function LiveLesson({ slug }: { slug: string }) {
  return <p>Live panel for {slug} is loading…</p>;
}
