import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LessonShell } from '@/components/lessons/lesson-shell';
import { LiveLesson } from '@/components/lessons/live-lesson';
import { loadLessonText } from '@/lib/content/lesson-text';
import { lessonBySlug, liveLessons } from '@/lib/content/lessons';

export const dynamicParams = false;

export function generateStaticParams() {
  return liveLessons().map((l) => ({ slug: l.slug }));
}

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const lesson = lessonBySlug(slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({ params }: { params: Params }) {
  const { slug } = await params;
  const lesson = lessonBySlug(slug);
  if (!lesson || lesson.status !== 'live') notFound();
  const text = await loadLessonText(slug);
  if (!text) notFound();
  return (
    <LessonShell lesson={lesson} intro={text.intro} details={text.details}>
      <LiveLesson slug={lesson.slug} />
    </LessonShell>
  );
}
