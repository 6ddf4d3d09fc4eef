import { useState } from 'react';

/** A form's send: busy while the request runs, the server's error kept for an ErrorAlert. */
export function useSubmit(): {
  isBusy: boolean;
  error: unknown;
  /** Runs `action`; true when it succeeded. */
  run: (action: () => Promise<void>) => Promise<boolean>;
  clearError: () => void;
} {
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>): Promise<boolean> => {
    setIsBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setIsBusy(false);
    }
  };
  return { isBusy, error, run, clearError: () => setError(undefined) };
}
