/**
 * An integer with its thousands grouped by commas ("6,000"), as `toLocaleString('en-US')` writes
 * it, without Intl: a page's first `toLocaleString` loads the ICU number formatter, a long task
 * (about 20 ms on a desktop core, measured in the lesson pages' start-up profile) for a comma.
 */
export function groupThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
