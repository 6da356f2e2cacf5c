// The seat's "now", re-rendered every `periodMs` (1 s while a call rings or runs; coarser when
// idle, so an idle seat redraws rarely). Corrected by the switch's clock skew so ring counts
// match the switch. No other timer runs per seat.
import {useEffect, useState} from 'react';
import type {Ticker} from './ticker.ts';

export function useNow(ticker: Ticker, skewMs = 0, periodMs = 1000): number {
  const [now, setNow] = useState(() => ticker.now());
  useEffect(() => {
    setNow(ticker.now()); // a new period starts from the true time, not the last coarse tick
    return ticker.every(periodMs, () => setNow(ticker.now()));
  }, [ticker, periodMs]);
  return now + skewMs;
}
