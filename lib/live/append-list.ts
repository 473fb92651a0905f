/**
 * An append-only list for fold states: appending is O(1) amortised and never changes a list
 * already handed out, so a FoldStore's checkpoints and past snapshots stay valid. Lists share one
 * backing array; only the newest list on it appends in place, any other (a checkpoint being
 * replayed) copies its prefix first. Pure, no React.
 */
export interface AppendList<T> {
  readonly size: number;
  /** Shared backing store: read through itemsOf, never directly. */
  readonly backing: T[];
}

/** The newest list on each backing array (the only one allowed to push in place). */
const newest = new WeakMap<unknown[], AppendList<unknown>>();
const views = new WeakMap<AppendList<unknown>, readonly unknown[]>();

export function emptyList<T>(): AppendList<T> {
  const list: AppendList<T> = { size: 0, backing: [] };
  newest.set(list.backing, list);
  return list;
}

/** A list with `items` added after `list`'s (the same list when there are none). */
export function append<T>(list: AppendList<T>, ...items: T[]): AppendList<T> {
  if (items.length === 0) return list;
  const inPlace = newest.get(list.backing) === list;
  const backing = inPlace ? list.backing : list.backing.slice(0, list.size);
  backing.push(...items);
  const next: AppendList<T> = { size: list.size + items.length, backing };
  newest.set(backing, next);
  return next;
}

/** The list's items as an array (one copy per list, cached). */
export function itemsOf<T>(list: AppendList<T>): readonly T[] {
  let view = views.get(list);
  if (!view) {
    view = list.backing.slice(0, list.size);
    views.set(list, view);
  }
  return view as readonly T[];
}

/**
 * Item i of the list (0 ≤ i < size), without copying: a list's items never change once appended,
 * so reading the shared backing below `size` is safe. For binary searches over long lists.
 */
export function itemAt<T>(list: AppendList<T>, i: number): T | undefined {
  return i >= 0 && i < list.size ? list.backing[i] : undefined;
}
