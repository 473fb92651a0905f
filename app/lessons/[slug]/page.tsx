import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { LessonShell } from '@/components/lessons/lesson-shell';
import { LiveLesson } from '@/components/lessons/live-lesson';
import { loadLessonText } from '@/lib/content/lesson-texts';
import { lessonBySlug, lessonHref, liveLessons } from '@/lib/content/lessons';

export const dynamicParams = false;

export function generateStaticParams() {
  return liveLessons().map((l) => ({ slug: l.slug }));
}

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const lesson = lessonBySlug(slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const { slug } = await params;
  const lesson = lessonBySlug(slug);
  if (lesson?.status !== 'live') notFound();
  // A bare link opens the lesson in its teaching scenario, shown in the URL; any query is the
  // learner's own link and wins.
  if (lesson.scenario && Object.keys(await searchParams).length === 0) redirect(lessonHref(lesson));
  const Text = await loadLessonText(slug);
  if (!Text) notFound();
  return <LessonShell lesson={lesson} text={<Text />} live={<LiveLesson slug={lesson.slug} />} />;
}
