const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2026-08-01 10:00 UTC": one reading for admins in any time zone. */
export const utcMinute = (at: number): string =>
  `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A moment ahead in the reader's terms, then exactly: "in 30 days (2026-08-01 10:00 UTC)". */
export function fromNow(at: number, now: number = Date.now()): string {
  const left = at - now;
  const rough =
    left < MINUTE
      ? 'in less than a minute'
      : left < HOUR
        ? `in ${count(Math.floor(left / MINUTE), 'minute')}`
        : left < 2 * DAY
          ? `in ${count(Math.floor(left / HOUR), 'hour')}`
          : `in ${count(Math.round(left / DAY), 'day')}`;
  return `${rough} (${utcMinute(at)})`;
}
