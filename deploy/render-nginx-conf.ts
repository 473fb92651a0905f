/** `npx tsx deploy/render-nginx-conf.ts --help`: prints an nginx config for N instances (docs/deploy.md). */
import { cli } from './nginx-conf';

try {
  cli();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
