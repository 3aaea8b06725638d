const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
/**
 * Server rendering and hydration format dates the same way on both sides: UTC and en-US
 * (the reader's own zone and language take over once the page is live).
 */
const stableDateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const stableDateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * The stable strings, remembered: the server formats the same timestamps on every render of a
 * page (Intl's format is a few microseconds each, ~120 per article page). Bounded: cleared when full.
 */
const stableStrings = new Map<string, string>();
function stableString(format: Intl.DateTimeFormat, kind: 'd' | 't', iso: string): string {
  const key = kind + iso;
  let s = stableStrings.get(key);
  if (s === undefined) {
    if (stableStrings.size >= 20_000) stableStrings.clear();
    stableStrings.set(key, (s = format.format(new Date(iso))));
  }
  return s;
}

export function formatDate(iso: string | null | undefined, stable = false): string {
  if (!iso) return '';
  return stable ? stableString(stableDateFormat, 'd', iso) : dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, stable = false): string {
  if (!iso) return '';
  return stable ? stableString(stableDateTimeFormat, 't', iso) : dateTimeFormat.format(new Date(iso));
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 weeks", "just now". */
export function timeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function initials(name: string): string {
  const parts = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
