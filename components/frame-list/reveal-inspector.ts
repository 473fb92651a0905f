/**
 * Brings the page's inspector into view when a row is opened and the inspector is off screen (a
 * phone, where it sits below the list); leaves the page alone when it is already in view (the
 * wide layout keeps it pinned beside the list). No smooth scrolling with reduced motion.
 */
export const INSPECTOR_ATTR = 'data-frame-inspector';

export function revealInspector(): void {
  const el = document.querySelector<HTMLElement>(`[${INSPECTOR_ATTR}]`);
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top >= 0 && top < window.innerHeight * 0.75) return;
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
}
