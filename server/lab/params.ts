/**
 * Query and body parsing for the lab node's HTTP endpoints. Bad input never throws: the first
 * problem is kept as a message that names the parameter and what it accepts, and the endpoint
 * answers 400 with it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const INT = /^-?\d{1,16}$/;
const DECIMAL = /^-?\d{1,16}(\.\d{1,16})?$/;

export class Params {
  /** The first problem found, or null. */
  error: string | null = null;
  private readonly seen = new Set<string>();

  constructor(private readonly query: URLSearchParams) {}

  static of(url: string | undefined): Params {
    const raw = url ?? '/';
    const q = raw.indexOf('?');
    return new Params(new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)));
  }

  private raw(name: string): string | undefined {
    this.seen.add(name);
    const values = this.query.getAll(name);
    if (values.length > 1) this.fail(`${name} is given ${values.length} times; give it once`);
    return values[0];
  }

  private fail(message: string): void {
    this.error ??= message;
  }

  has(name: string): boolean {
    this.seen.add(name);
    return this.query.has(name);
  }

  /** An integer in [min, max]; `fallback` when absent. */
  int<T extends number | undefined>(
    name: string,
    min: number,
    max: number,
    fallback: T,
  ): number | T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!INT.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.fail(`${name} must be an integer from ${min} to ${max}, got ${show(value)}`);
      return fallback;
    }
    return n;
  }

  /** A decimal number in [min, max]. */
  number(name: string, min: number, max: number, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!DECIMAL.test(value) || n < min || n > max) {
      this.fail(`${name} must be a number from ${min} to ${max}, got ${show(value)}`);
      return fallback;
    }
    return n;
  }

  /** 0/1/true/false. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
    this.fail(`${name} must be 0 or 1 (or true/false), got ${show(value)}`);
    return fallback;
  }

  oneOf<const T extends string>(name: string, options: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = options.find((o) => o === value);
    if (found === undefined) {
      this.fail(
        `${name} must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${show(value)}`,
      );
      return fallback;
    }
    return found;
  }

  /** A string matching `pattern`, described to the user as `what`. */
  string<T extends string | undefined>(
    name: string,
    pattern: RegExp,
    what: string,
    fallback: T,
  ): string | T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!pattern.test(value)) {
      this.fail(`${name} must be ${what}, got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  /** A comma-separated list of up to `max` names, each matching `pattern`. */
  list(name: string, pattern: RegExp, what: string, max: number): string[] {
    const value = this.raw(name);
    if (value === undefined || value === '') return [];
    const items = value.split(',');
    if (items.length > max) {
      this.fail(`${name} takes at most ${max} comma-separated names, got ${items.length}`);
      return [];
    }
    const bad = items.find((item) => !pattern.test(item));
    if (bad !== undefined) {
      this.fail(`each ${name} entry must be ${what}, got ${show(bad)}`);
      return [];
    }
    return [...new Set(items)];
  }

  /** Records an error for any query parameter the endpoint did not read. Call last. */
  rejectUnknown(): void {
    for (const name of this.query.keys()) {
      if (!this.seen.has(name)) {
        const allowed = [...this.seen].map((n) => `"${n}"`).join(', ');
        this.fail(`unknown parameter ${show(name)}; allowed: ${allowed || 'none'}`);
        return;
      }
    }
  }
}

function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...NO_STORE,
  });
  res.end(text);
}

/** An API error: `{"error": message}` with the status. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function sendEmpty(res: ServerResponse, status: number): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, NO_STORE);
  res.end();
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...NO_STORE,
    ...headers,
  });
  res.end(text);
}

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; error: string };

/** Reads a JSON request body of at most `limit` bytes. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish({ ok: false, status: 413, error: `body is over ${limit} bytes` });
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, error: 'request body was cut off' }));
    req.on('aborted', () => finish({ ok: false, status: 400, error: 'request body was cut off' }));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        finish({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        finish({ ok: false, status: 400, error: 'body must be JSON' });
      }
    });
  });
}
