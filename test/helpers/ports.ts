// Tests share the free-port finder with the benchmarks (bench/ must not import test helpers).
export {freePort} from '../../bench/lib/ports.ts';
