// Bridges a SeatSession (or stand-in) to React: re-render on every change event.
import {useEffect, useState} from 'react';
import type {SeatPort, SeatState} from '../client/seat-session.ts';

export function useSeatState(session: SeatPort | undefined): SeatState | undefined {
  const [state, setState] = useState<SeatState | undefined>(session?.state);
  useEffect(() => {
    if (!session) return;
    setState(session.state);
    const onChange = (next: SeatState) => setState(next);
    session.on('change', onChange);
    return () => {
      session.off('change', onChange);
    };
  }, [session]);
  return state;
}
