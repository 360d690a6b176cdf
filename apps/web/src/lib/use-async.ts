import { type DependencyList, useEffect, useState } from 'react';

import { errorMessage } from '../api/http';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | undefined;
}

/**
 * Runs `load` whenever `deps` change and keeps the last good data while a reload runs, so live views never blank
 * out behind a spinner.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: undefined });
  useEffect(() => {
    let active = true;
    load().then(
      (data) => active && setState({ data, error: undefined }),
      (error: unknown) => active && setState((s) => ({ data: s.data, error: errorMessage(error) })),
    );
    return () => {
      active = false;
    };
  }, deps);
  return state;
}
