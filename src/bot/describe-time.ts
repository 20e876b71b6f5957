const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** `2025-01-20 14:03 UTC`: the same for every reader, wherever they are. */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A stored ISO time as `utcText` says it, or `unknown` when it does not parse. */
export function storedTimeText(iso: string, unknown: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? unknown : utcText(ms);
}

/** "in 13 days (2025-01-20 14:03 UTC)": how far off first, as an admin thinks of it, then the exact time. */
export function describeTime(ms: number, now: number = Date.now()): string {
  const diff = ms - now;
  const [unit, size] = UNITS.find(([, size]) => Math.abs(diff) >= size) ?? ['minute', 60_000];
  const amount = Math.round(diff / size);
  const near =
    amount === 0 ? (diff >= 0 ? 'in less than a minute' : 'just now') : relative.format(amount, unit);
  return `${near} (${utcText(ms)})`;
}
