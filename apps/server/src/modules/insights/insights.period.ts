import type { Clock } from '../../lib/clock.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { dayOf } from './insights.collector.js';

/** Longest period one insights query covers. */
export const MAX_PERIOD_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Period {
  /** First day, inclusive (`YYYY-MM-DD`, UTC). */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

function parseDay(value: string, field: string): Date {
  const at = DAY.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || dayOf(at) !== value) {
    throw new BadUserInputError(`${field} must be a day as YYYY-MM-DD.`, { field });
  }
  return at;
}

/** The period asked for, checked; none: the 30 days up to today. */
export function resolvePeriod(input: { from: string; to: string } | null | undefined, clock: Clock): Period {
  if (!input) {
    const to = clock.now();
    return { from: dayOf(new Date(to.getTime() - 29 * 86_400_000)), to: dayOf(to) };
  }
  const from = parseDay(input.from, 'period.from');
  const to = parseDay(input.to, 'period.to');
  if (to < from) throw new BadUserInputError('period.to comes before period.from.', { field: 'period.to' });
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
  if (days > MAX_PERIOD_DAYS) throw new BadUserInputError(`A period is at most ${MAX_PERIOD_DAYS} days.`, { field: 'period' });
  return { from: input.from, to: input.to };
}

/** Every day of the period, in order. */
export function daysOf(period: Period): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${period.from}T00:00:00Z`); t <= Date.parse(`${period.to}T00:00:00Z`); t += 86_400_000) out.push(dayOf(new Date(t)));
  return out;
}
