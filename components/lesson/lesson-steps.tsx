'use client';
/**
 * Guided steps: the text's <Step>s and the live panel share one StepsStore. The panel reports what
 * its folds of the captured events prove (`useReportSteps`); the text ticks, the active step's
 * events and states are emphasised in the live views (`useActiveFocus`).
 */
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import type { LessonStep } from '@/lib/content/lessons';
import { type StepProof, type StepsSnapshot, StepsStore } from './steps-store';

const StepsContext = createContext<StepsStore | null>(null);
const TitlesContext = createContext<readonly LessonStep[]>([]);

export function StepsProvider({
  slug,
  steps,
  children,
}: {
  slug: string;
  steps: readonly LessonStep[];
  children: ReactNode;
}) {
  // Created once per page; the server render has no storage, the client reads it on hydration.
  const [store] = useState(
    () =>
      new StepsStore(
        slug,
        steps.map((s) => s.id),
      ),
  );
  return (
    <StepsContext.Provider value={store}>
      <TitlesContext.Provider value={steps}>{children}</TitlesContext.Provider>
    </StepsContext.Provider>
  );
}

export function useStepTitle(id: string | undefined): string {
  const steps = useContext(TitlesContext);
  return steps.find((s) => s.id === id)?.title ?? '';
}

export function useStepsStore(): StepsStore | null {
  return useContext(StepsContext);
}

const EMPTY: StepsSnapshot = { ids: [], done: new Set(), active: undefined, proofs: {} };
const noop = () => () => {};

export function useSteps(): StepsSnapshot {
  const store = useStepsStore();
  return useSyncExternalStore(
    store ? store.subscribe : noop,
    () => (store ? store.getSnapshot() : EMPTY),
    // Server render: nothing proven yet (progress lives in this browser only).
    () =>
      store
        ? { ...store.getSnapshot(), done: new Set<string>(), active: store.getSnapshot().ids[0] }
        : EMPTY,
  );
}

/**
 * Called by a lesson panel on every render with what its folds prove. Outside a lesson (the lab
 * page) it does nothing.
 */
export function useReportSteps(proofs: Record<string, StepProof>): void {
  const store = useStepsStore();
  const key = JSON.stringify(proofs);
  useEffect(() => {
    store?.report(JSON.parse(key) as Record<string, StepProof>);
  }, [store, key]);
}

/** What the active step points at, for the sequence diagram and the statechart. */
export function useActiveFocus(): { focusSeqs: readonly number[]; highlight: readonly string[] } {
  const s = useSteps();
  const p = s.active ? s.proofs[s.active] : undefined;
  return { focusSeqs: p?.focusSeqs ?? NONE_N, highlight: p?.highlight ?? NONE_S };
}
const NONE_N: readonly number[] = [];
const NONE_S: readonly string[] = [];
