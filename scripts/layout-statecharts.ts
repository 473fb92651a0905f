/**
 * Lays out every statechart at build time: `npm run layout:charts` (or
 * `./node_modules/.bin/tsx scripts/layout-statecharts.ts`). Writes
 * lib/machines/layouts/<machine id>.json, which components/statechart draws. Re-run it after
 * editing a machine; lib/machines/chart-machines.test.ts fails while a layout is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartOf } from '../lib/machines/chart';
import { layoutChartWithElk } from '../lib/machines/chart-elk';
import { CHART_MACHINES } from '../lib/machines/chart-machines';

const dir = join(__dirname, '..', 'lib', 'machines', 'layouts');

async function main(): Promise<void> {
  for (const { machine, direction } of CHART_MACHINES) {
    const layout = await layoutChartWithElk(chartOf(machine), { direction });
    const file = join(dir, `${layout.id}.json`);
    writeFileSync(file, `${JSON.stringify(layout, null, 1)}\n`);
    console.log(
      `${file}: ${layout.width}×${layout.height} px, ${layout.nodes.length} nodes, ${layout.edges.length} edges`,
    );
  }
  // Commit the files as the project's formatter would write them.
  const biome = join(__dirname, '..', 'node_modules', '.bin', 'biome');
  execFileSync(biome, ['format', '--write', dir], { stdio: 'inherit' });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
