const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/**
 * A duration as the API shows it, exactly and in a form the API accepts back: the largest unit that
 * divides it ("5m", "90s", "1d", "0s"). Schedule durations are whole seconds.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}
