import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { chartLayoutOf } from '@/lib/machines/chart-layouts';
import { wsConnectionMachine } from '@/lib/machines/ws-connection';
import { Statechart } from './statechart';

function render(props: Partial<Parameters<typeof Statechart>[0]> = {}): string {
  return renderToStaticMarkup(
    createElement(Statechart, {
      machine: wsConnectionMachine,
      title: 'WebSocket connection c1',
      activeIds: ['ws.open'],
      ...props,
    }),
  );
}

describe('Statechart', () => {
  it('draws the committed layout at 1:1 CSS px', () => {
    const layout = chartLayoutOf('ws');
    const html = render();
    expect(html).toContain(`width="${layout?.width}" height="${layout?.height}"`);
    expect(html).toContain(`viewBox="0 0 ${layout?.width} ${layout?.height}"`);
  });

  it('marks the current state with a fill class and a text caption', () => {
    const html = render();
    expect(html).toMatch(/data-state="open" data-current="true"/);
    expect(html).toContain('● current');
    expect(html).toContain('Current state: <strong>open</strong>');
  });

  it('draws the taken edge bold and marks its label line', () => {
    const html = render({ takenEdges: ['ws.open:CLOSE_FRAME:0'] });
    expect(html).toMatch(/data-edge="ws.open:CLOSE_FRAME:0" data-taken="true"/);
    expect(html).toContain('▸');
  });

  it('outlines highlighted states and edges with a ◆ cue', () => {
    const html = render({ activeIds: [], highlightIds: ['ws.idle', 'ws.idle:TCP_OPEN:0'] });
    expect(html).toContain('◆ this step');
    expect(html.match(/◆/g)?.length).toBe(2);
  });

  it('says so when a machine has no committed layout', () => {
    const machine = setup({}).createMachine({ id: 'nope', initial: 'a', states: { a: {} } });
    expect(render({ machine, activeIds: [] })).toContain('npm run layout:charts');
  });
});
