/**
 * For tests: a FoldStore over a fixed array of events, with small checkpoints so a cursor in the
 * middle of a short script is really replayed from a checkpoint.
 */
import { FoldStore, type Reducer } from './fold-store';

export function storeOver<S, E>(
  events: readonly E[],
  reducer: Reducer<S, E>,
  checkpointEvery = 3,
): FoldStore<S, E> {
  return new FoldStore(
    { length: events.length, at: (i) => events[i], subscribe: () => () => {} },
    reducer,
    { checkpointEvery },
  );
}
