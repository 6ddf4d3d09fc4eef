import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => void;
}

/**
 * Calls `load` now and every `intervalMs` (0: once) while the component is mounted and the tab is visible;
 * keeps the last good data when a later call fails. `deps` restart it.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  intervalMs: number,
  deps: readonly unknown[] = [],
): PollState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [isLoading, setIsLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async (): Promise<void> => {
      if (document.visibilityState !== 'hidden') {
        try {
          const value = await loadRef.current();
          if (!isCurrent) return;
          setData(value);
          setError(undefined);
        } catch (caught) {
          if (isCurrent) setError(caught);
        } finally {
          if (isCurrent) setIsLoading(false);
        }
      }
      if (isCurrent && intervalMs > 0) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [intervalMs, tick, ...deps]);

  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data, error, isLoading, reload };
}
