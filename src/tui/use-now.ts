// The seat's "now", re-rendered once a second (timers on screen count in seconds; no faster
// timer runs per seat). Corrected by the switch's clock skew so ring counts match the switch.
import {useEffect, useState} from 'react';
import type {Ticker} from './ticker.ts';

export function useNow(ticker: Ticker, skewMs = 0, periodMs = 1000): number {
  const [now, setNow] = useState(() => ticker.now());
  useEffect(() => ticker.every(periodMs, () => setNow(ticker.now())), [ticker, periodMs]);
  return now + skewMs;
}
