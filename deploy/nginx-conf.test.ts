import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNginxConf } from './nginx-conf';

const two = {
  listen: '127.0.0.1:8080',
  prefix: '/tmp/wl-nginx',
  instances: [
    { routeKey: 'a1b2', address: '127.0.0.1:3001' },
    { routeKey: 'c3d4', address: '127.0.0.1:3002' },
  ],
};

function nginxPath(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    try {
      execFileSync(p, ['-v'], { stdio: 'ignore' });
      return p;
    } catch {}
  }
  return null;
}

describe('nginx config', () => {
  it('routes each route key to its instance and everything else to all', () => {
    const conf = renderNginxConf(two);
    expect(conf).not.toMatch(/\{\{/);
    expect(conf).toContain('"~^/lab/a1b2[0-9a-f]{28}(/|$)" wirelab_a1b2;');
    expect(conf).toContain('"~^/lab/c3d4[0-9a-f]{28}(/|$)" wirelab_c3d4;');
    expect(conf).toMatch(/upstream wirelab_a1b2 \{\s+server 127\.0\.0\.1:3001;\s+\}/);
    expect(conf).toMatch(
      /upstream wirelab_any \{\s+server 127\.0\.0\.1:3001;\s+server 127\.0\.0\.1:3002;\s+\}/,
    );
    expect(conf).toContain('listen 127.0.0.1:8080;');
    expect(conf).toContain('pid /tmp/wl-nginx/nginx.pid;');
  });

  it.each([
    [{ ...two, instances: [] }, /at least one --instance/],
    [{ ...two, instances: [{ routeKey: 'A1B2', address: '127.0.0.1:1' }] }, /not 4 lowercase hex/],
    [
      { ...two, instances: [two.instances[0], { routeKey: 'a1b2', address: '127.0.0.1:2' }] },
      /given to two instances/,
    ],
    [{ ...two, instances: [{ routeKey: 'a1b2', address: 'localhost' }] }, /host:port/],
    [{ ...two, prefix: 'relative' }, /--prefix must be an absolute path/],
    [{ ...two, listen: '80; evil' }, /--listen/],
  ])('refuses bad options with the reason (%#)', (options, reason) => {
    expect(() => renderNginxConf(options as typeof two)).toThrow(reason);
  });

  it.skipIf(nginxPath() === null)('is a configuration nginx -t accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wl-nginx-t-'));
    try {
      const conf = join(dir, 'nginx.conf');
      writeFileSync(conf, renderNginxConf({ ...two, prefix: dir, listen: '127.0.0.1:18080' }));
      execFileSync(nginxPath() as string, ['-t', '-q', '-p', dir, '-c', conf, '-e', 'stderr'], {
        stdio: 'pipe',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
