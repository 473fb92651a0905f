/**
 * The lesson texts (content/lessons/<slug>.mdx), compiled by @next/mdx at build time. One explicit
 * import per lesson, so each page's text is its own chunk and a missing file fails the build.
 */
import type { MDXContent } from 'mdx/types';

type Loader = () => Promise<{ default: MDXContent }>;

const TEXTS: Record<string, Loader> = {
  'websocket-handshake': () => import('@/content/lessons/websocket-handshake.mdx'),
  'websocket-frames': () => import('@/content/lessons/websocket-frames.mdx'),
  heartbeat: () => import('@/content/lessons/heartbeat.mdx'),
  'socketio-stack': () => import('@/content/lessons/socketio-stack.mdx'),
  'engineio-upgrade': () => import('@/content/lessons/engineio-upgrade.mdx'),
  'long-polling': () => import('@/content/lessons/long-polling.mdx'),
  'polling-sse-websocket': () => import('@/content/lessons/polling-sse-websocket.mdx'),
  'rooms-namespaces': () => import('@/content/lessons/rooms-namespaces.mdx'),
  'reconnect-backoff': () => import('@/content/lessons/reconnect-backoff.mdx'),
  backpressure: () => import('@/content/lessons/backpressure.mdx'),
  'ordering-replay': () => import('@/content/lessons/ordering-replay.mdx'),
  'delivery-guarantees': () => import('@/content/lessons/delivery-guarantees.mdx'),
  'auth-sessions': () => import('@/content/lessons/auth-sessions.mdx'),
};

export async function loadLessonText(slug: string): Promise<MDXContent | null> {
  const load = TEXTS[slug];
  return load ? (await load()).default : null;
}

export const LESSON_TEXT_SLUGS: readonly string[] = Object.keys(TEXTS);
