// State whose current value is readable at once from input handlers: keys can arrive faster
// than React re-renders (a paste, a scripted terminal), and a handler closed over the last
// render's state would act on a stale value. Setting it updates the ref and schedules a redraw.
import {useCallback, useRef, useState, type MutableRefObject} from 'react';

export function useRefState<T>(initial: T): [MutableRefObject<T>, (next: T | ((current: T) => T)) => void] {
  const ref = useRef(initial);
  const [, redraw] = useState(0);
  const set = useCallback((next: T | ((current: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (current: T) => T)(ref.current) : next;
    redraw(n => n + 1);
  }, []);
  return [ref, set];
}
