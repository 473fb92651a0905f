// Lesson texts are MDX modules (content/lessons/*.mdx, compiled by @next/mdx).
/// <reference types="mdx" />
