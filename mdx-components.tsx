import type { MDXComponents } from 'mdx/types';
import { Do, See, Step } from '@/components/lesson/step';

/** Components every lesson text (content/lessons/*.mdx) may use without importing them. */
const components: MDXComponents = { Step, Do, See };

export function useMDXComponents(): MDXComponents {
  return components;
}
