// Bridges the FloorModel to React: a fresh view every second (timers tick) and soon after an
// event — coalesced, so 200 busy seats cost a few renders a second, not hundreds.
import {useEffect, useState} from 'react';
import type {FloorModel, FloorView} from '../../client/floor/floor-model.ts';

export function useFloor(model: FloorModel, options: {tickMs?: number; coalesceMs?: number} = {}): FloorView {
  const {tickMs = 1000, coalesceMs = 1000} = options;
  const [view, setView] = useState(() => model.view());
  useEffect(() => {
    let pending: NodeJS.Timeout | undefined;
    const update = () => {
      if (pending) clearTimeout(pending);
      pending = undefined;
      setView(model.view());
    };
    const unsubscribe = model.subscribe(() => {
      pending ??= setTimeout(update, coalesceMs);
    });
    const timer = setInterval(update, tickMs);
    return () => {
      unsubscribe();
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    };
  }, [model, tickMs, coalesceMs]);
  return view;
}
