// Bridges SeatRecords to React: a version number that changes on every saved edit.
import {useEffect, useState} from 'react';
import type {SeatRecords} from '../client/seat-records.ts';

export function useRecords(records: SeatRecords | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => records?.subscribe(() => setVersion(v => v + 1)), [records]);
  return version;
}
