import { createHash, createHmac, randomBytes } from 'node:crypto';
import { isbot } from 'isbot';
import type { Db } from '../../db/data-source.js';
import type { Clock } from '../../lib/clock.js';
import { log } from '../../lib/logger.js';
import { requestStorage } from '../../lib/request-context.js';

/** Most distinct (day, article, reader) claims or queries held before a flush is forced. */
const MAX_PENDING = 5000;
const SECRET_NAME = 'insights_visitor_key';
const MAX_QUERY = 200;

export interface ViewInput {
  articleId: string;
  userId: string | null;
  ip: string;
  userAgent: string | null | undefined;
}

interface SearchCounts {
  searches: number;
  noResult: number;
  opened: number;
  lastResultCount: number;
}

/** The day (UTC) of a time, as `YYYY-MM-DD`. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** What search analytics group by: lower case, one space between words, at most 200 characters. */
export function normalizeQuery(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(/[\s\p{C}]+/gu, ' ').trim().slice(0, MAX_QUERY);
}

/**
 * Counts article views and searches in memory and writes them in batches (every
 * INSIGHTS_FLUSH_MS, when MAX_PENDING is reached, and at shutdown): a page view costs a Set
 * insert, never a statement. One view per reader, article and day: a reader is the user id
 * or, for anonymous readers, an HMAC of the day, IP address and user agent with a key shared
 * by every instance (no address is stored; the key changes nothing across days since the day
 * is part of the input). The flush inserts the (day, article, reader) claims with `on
 * conflict do nothing` and adds only the rows it inserted to `article_views_daily`, so two
 * instances that saw the same reader count one view, and the totals are exact.
 */
export class InsightsCollector {
  private views = new Set<string>();
  private searches = new Map<string, SearchCounts>();
  private key: Promise<Buffer> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: { appSecret: string | null; flushMs: () => number },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.settings.flushMs());
    this.timer.unref();
  }

  /** Stops the timer and writes what is still counted. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Counts a view unless the user agent is a bot; false when it was left out. */
  async recordView(input: ViewInput): Promise<boolean> {
    if (!input.userAgent || isbot(input.userAgent)) return false;
    const day = dayOf(this.clock.now());
    const reader = input.userId ? `u:${input.userId}` : `v:${input.ip}\n${input.userAgent}`;
    const hashed = createHmac('sha256', await this.secret()).update(`${day}\n${reader}`).digest('base64url').slice(0, 22);
    this.views.add(`${day}|${input.articleId}|${hashed}`);
    if (this.views.size >= MAX_PENDING) void this.flush();
    return true;
  }

  recordSearch(query: string, resultCount: number): void {
    const q = normalizeQuery(query);
    if (!q) return;
    const c = this.countsOf(q);
    c.searches++;
    if (resultCount === 0) c.noResult++;
    c.lastResultCount = resultCount;
  }

  recordSearchOpened(query: string): void {
    const q = normalizeQuery(query);
    if (q) this.countsOf(q).opened++;
  }

  private countsOf(query: string): SearchCounts {
    const key = `${dayOf(this.clock.now())}|${query}`;
    let c = this.searches.get(key);
    if (!c) {
      c = { searches: 0, noResult: 0, opened: 0, lastResultCount: -1 };
      this.searches.set(key, c);
      if (this.searches.size >= MAX_PENDING) void this.flush();
    }
    return c;
  }

  /** Writes what was counted since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => requestStorage.exit(() => this.write())).catch((err) => {
      log().error({ err }, 'insights: flush failed; the counts of this batch are lost');
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const views = [...this.views].sort();
    const searches = [...this.searches].sort(([a], [b]) => (a < b ? -1 : 1));
    this.views = new Set();
    this.searches = new Map();
    if (views.length) {
      const days: string[] = [];
      const articles: string[] = [];
      const readers: string[] = [];
      for (const v of views) {
        const [day, article, reader] = v.split('|');
        days.push(day);
        articles.push(article);
        readers.push(reader);
      }
      // sorted keys: two instances lock the same rows in the same order (no deadlock)
      await this.db.query(
        `with claimed as (
           insert into article_view_readers (day, article_id, reader)
           select v.day, v.article_id, v.reader
             from unnest($1::date[], $2::uuid[], $3::text[]) as v(day, article_id, reader)
             join articles a on a.id = v.article_id
           on conflict do nothing
           returning day, article_id
         )
         insert into article_views_daily (article_id, day, views)
         select article_id, day, count(*)::int from claimed group by article_id, day order by article_id, day
         on conflict (article_id, day) do update set views = article_views_daily.views + excluded.views`,
        [days, articles, readers],
      );
      // claims are only needed while their day can still be counted
      await this.db.query(`delete from article_view_readers where day < $1::date - 1`, [dayOf(this.clock.now())]);
    }
    if (searches.length) {
      await this.db.query(
        `insert into search_queries_daily (day, query, searches, no_result_searches, opened, last_result_count)
         select * from unnest($1::date[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[])
         on conflict (query, day) do update set
           searches = search_queries_daily.searches + excluded.searches,
           no_result_searches = search_queries_daily.no_result_searches + excluded.no_result_searches,
           opened = search_queries_daily.opened + excluded.opened,
           last_result_count = case when excluded.last_result_count >= 0 then excluded.last_result_count else search_queries_daily.last_result_count end`,
        [
          searches.map(([k]) => k.slice(0, 10)),
          searches.map(([k]) => k.slice(11)),
          searches.map(([, c]) => c.searches),
          searches.map(([, c]) => c.noResult),
          searches.map(([, c]) => c.opened),
          searches.map(([, c]) => c.lastResultCount),
        ],
      );
    }
  }

  private secret(): Promise<Buffer> {
    if (this.settings.appSecret) {
      return Promise.resolve(createHash('sha256').update(`insights:${this.settings.appSecret}`).digest());
    }
    this.key ??= (async () => {
      await this.db.query('insert into app_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [SECRET_NAME, randomBytes(32).toString('base64url')]);
      const [row]: Array<{ value: string }> = await this.db.query('select value from app_secrets where name = $1', [SECRET_NAME]);
      return Buffer.from(row.value, 'base64url');
    })().catch((err) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }
}
