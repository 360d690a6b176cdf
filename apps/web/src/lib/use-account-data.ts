import { type DependencyList, useEffect, useState } from 'react';

import { errorMessage } from '../api/http';
import { useApp } from '../app-context';
import { type UserEvent } from './account-events';
import { type AsyncState } from './use-async';

/**
 * Like `useAsync`, for account data the user-data stream keeps current: `load` runs whenever `deps` change (and the
 * app re-reads after each reconnect through them), and every event of the stream is applied with `apply`. Events
 * that come while a read runs are kept and applied to its answer, so none is lost to a read that started before it.
 */
export function useAccountData<T>(
  load: () => Promise<T>,
  apply: (data: T, event: UserEvent) => T,
  deps: DependencyList,
): AsyncState<T> {
  const { userStream } = useApp();
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: undefined });
  useEffect(() => {
    let active = true;
    let pending: UserEvent[] | undefined = [];
    const unsubscribe = userStream.subscribe({
      onEvent: (event) => {
        if (pending) pending.push(event);
        else setState((s) => (s.data === undefined ? s : { data: apply(s.data, event), error: s.error }));
      },
    });
    load().then(
      (data) => {
        if (!active) return;
        const missed = pending ?? [];
        pending = undefined;
        setState({ data: missed.reduce(apply, data), error: undefined });
      },
      (error: unknown) => {
        if (!active) return;
        pending = undefined;
        setState((s) => ({ data: s.data, error: errorMessage(error) }));
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, [userStream, ...deps]);
  return state;
}
