/**
 * Renders deploy/nginx.conf.template for N Wire Lab instances (docs/deploy.md). The command line is
 * deploy/render-nginx-conf.ts:
 *
 *   npx tsx deploy/render-nginx-conf.ts --listen 127.0.0.1:8080 --prefix /run/wirelab-nginx \
 *     --instance a1b2=127.0.0.1:3001 --instance c3d4=127.0.0.1:3002 > /run/wirelab-nginx/nginx.conf
 *   nginx -p /run/wirelab-nginx -c /run/wirelab-nginx/nginx.conf -e stderr
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROUTE_KEY_PATTERN } from '../server/route-key';

export interface Instance {
  /** The instance's ROUTE_KEY. */
  routeKey: string;
  /** host:port where it listens, as nginx can reach it. */
  address: string;
}

export interface NginxConfOptions {
  /** nginx `listen` value: a port, or address:port. */
  listen: string;
  /** Absolute directory for the pid file and temp files (must exist, writable by nginx's workers). */
  prefix: string;
  instances: Instance[];
  /** Default <prefix>/access.log; "off" to log nothing. */
  accessLog?: string;
}

// No import.meta here: Playwright loads this file as CommonJS (e2e-lb/cluster.ts).
const TEMPLATE = path.join(
  typeof __dirname === 'string' ? __dirname : path.join(process.cwd(), 'deploy'),
  'nginx.conf.template',
);
/** What may go into the config unquoted: no spaces, quotes, braces or semicolons. */
const SAFE = /^[A-Za-z0-9_./:[\]-]+$/;

/** Checks the options and names the first bad one. */
export function checkOptions(options: NginxConfOptions): void {
  if (!SAFE.test(options.listen))
    throw new Error(`--listen: bad value ${JSON.stringify(options.listen)}`);
  if (!options.prefix.startsWith('/') || !SAFE.test(options.prefix)) {
    throw new Error(
      `--prefix must be an absolute path without spaces, got ${JSON.stringify(options.prefix)}`,
    );
  }
  if (options.accessLog !== undefined && !SAFE.test(options.accessLog)) {
    throw new Error(`--access-log: bad value ${JSON.stringify(options.accessLog)}`);
  }
  if (options.instances.length === 0)
    throw new Error('at least one --instance <routekey>=<host:port> is needed');
  const seen = new Set<string>();
  for (const { routeKey, address } of options.instances) {
    if (!ROUTE_KEY_PATTERN.test(routeKey)) {
      throw new Error(`route key ${JSON.stringify(routeKey)} is not 4 lowercase hex digits`);
    }
    if (seen.has(routeKey)) throw new Error(`route key ${routeKey} is given to two instances`);
    seen.add(routeKey);
    if (!SAFE.test(address) || !/:\d{1,5}$/.test(address)) {
      throw new Error(
        `instance ${routeKey}: address must be host:port, got ${JSON.stringify(address)}`,
      );
    }
  }
}

export function renderNginxConf(
  options: NginxConfOptions,
  template = readFileSync(TEMPLATE, 'utf8'),
): string {
  checkOptions(options);
  const { instances } = options;
  const values: Record<string, string> = {
    PREFIX: options.prefix,
    LISTEN: options.listen,
    ACCESS_LOG: options.accessLog ?? `${options.prefix}/access.log`,
    ANY_SERVERS: instances.map((i) => `        server ${i.address};`).join('\n'),
    KEY_UPSTREAMS: instances
      .map((i) => `    upstream wirelab_${i.routeKey} {\n        server ${i.address};\n    }`)
      .join('\n'),
    KEY_MAP: instances
      .map((i) => `        "~^/lab/${i.routeKey}[0-9a-f]{28}(/|$)" wirelab_${i.routeKey};`)
      .join('\n'),
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template names an unknown value ${whole}`);
    return value;
  });
}

/** `--instance a1b2=127.0.0.1:3001` */
export function parseInstance(text: string): Instance {
  const at = text.indexOf('=');
  if (at < 0)
    throw new Error(`--instance must be <routekey>=<host:port>, got ${JSON.stringify(text)}`);
  return { routeKey: text.slice(0, at), address: text.slice(at + 1) };
}

/** The command line: the rendered config on stdout. */
export function cli(): void {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string' },
      prefix: { type: 'string' },
      instance: { type: 'string', multiple: true },
      'access-log': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || values.listen === undefined || values.prefix === undefined) {
    console.error(
      'usage: tsx deploy/render-nginx-conf.ts --listen <[addr:]port> --prefix <abs dir> ' +
        '--instance <routekey>=<host:port> [--instance ...] [--access-log <path>|off]',
    );
    process.exit(values.help ? 0 : 2);
  }
  const options: NginxConfOptions = {
    listen: values.listen,
    prefix: values.prefix,
    instances: (values.instance ?? []).map(parseInstance),
  };
  if (values['access-log'] !== undefined) options.accessLog = values['access-log'];
  process.stdout.write(renderNginxConf(options));
}
