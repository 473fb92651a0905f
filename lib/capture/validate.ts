/**
 * Small checks for imported JSON (HAR, capture files): each failure names the file format and the
 * exact path, e.g. `HAR: log.entries[3].request.method missing`.
 */

export type Json = Record<string, unknown>;

export class ImportError extends Error {
  override name = 'ImportError';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export class Checker {
  constructor(readonly format: string) {}

  fail(path: string, what: string): never {
    throw new ImportError(`${this.format}: ${path} ${what}`);
  }

  private expect(value: unknown, path: string, wanted: string): never {
    if (value === undefined) this.fail(path, 'missing');
    this.fail(path, `is ${describeValue(value)}, expected ${wanted}`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.expect(value, path, 'an object');
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.expect(value, path, 'an array');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.expect(value, path, 'a string');
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.expect(value, path, 'a number');
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  optionalNumber(value: unknown, path: string): number | undefined {
    return value === undefined ? undefined : this.number(value, path);
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
    if (typeof value !== 'string' || !options.includes(value as T))
      this.expect(value, path, `one of ${options.map((o) => `'${o}'`).join(', ')}`);
    return value as T;
  }
}
