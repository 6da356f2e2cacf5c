// Numeric CLI flags: the value, or an error message naming the flag.

/** `--name` as a positive number (whole when `integer`), `fallback` when absent, else an error message. */
export function positive(name: string, text: string | undefined, fallback: number, integer = false): number | string {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) return `--${name}: expected a positive ${integer ? 'whole number' : 'number'}, got "${text}"`;
  return value;
}
