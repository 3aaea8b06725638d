import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './pg-types.js';

const original = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (s: string) => unknown;
const time = (v: unknown) => (v instanceof Date ? v.getTime() : v);

describe('parseTimestamptz', () => {
  it('gives the same instant as postgres-date for every form PostgreSQL sends', () => {
    const samples = [
      '2026-11-26 10:17:22.123456+00',
      '2026-11-26 10:17:22.999999+00',
      '2026-11-26 10:17:22.1+00',
      '2026-11-26 10:17:22.12+00',
      '2026-11-26 10:17:22+00',
      '2026-11-26 10:17:22.5+05:30',
      '2026-11-26 10:17:22.5-03',
      '1999-12-31 23:59:59.999+14',
      '2000-02-29 00:00:00-09:30',
      '0099-01-01 00:00:00+00',
      '2026-11-26 10:17:22.5+05:30:15',
      '0044-03-15 12:00:00+00 BC',
      'infinity',
      '-infinity',
    ];
    for (const s of samples) expect(time(parseTimestamptz(s)), s).toEqual(time(original(s)));
  });

  it('matches on random instants with microseconds', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(Math.random() * 4e12);
      const d = new Date(ms);
      const micro = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
      const s = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)}${micro}+00`;
      expect(time(parseTimestamptz(s)), s).toEqual(time(original(s)));
    }
  });
});
