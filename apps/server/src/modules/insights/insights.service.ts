import type { Config } from '../../config.js';
import { readRows, type Db } from '../../db/data-source.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import type { Clock } from '../../lib/clock.js';
import { log } from '../../lib/logger.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import type { EntityManager } from 'typeorm';
import type { MailService } from '../mail/mail.service.js';
import { dayOf, InsightsCollector, normalizeQuery, type ViewInput } from './insights.collector.js';
import { daysOf, resolvePeriod, type Period } from './insights.period.js';
import { assertCanActOnInsights, assertCanManageInsights } from './insights.policy.js';
import { attentionItemKey, type AttentionItemKey } from './insights.keys.js';

export type AttentionReasonKind = 'HELPFULNESS_FELL' | 'OUTDATED' | 'UNANSWERED_QUESTIONS' | 'REVIEW_OVERDUE' | 'NO_RESULT_SEARCH';

export interface AttentionReasonValue {
  kind: AttentionReasonKind;
  /** A sentence for people ("helpfulness fell from 80 % to 45 % over 4 weeks (40 votes)"). */
  message: string;
  /** Votes, questions, days overdue or searches, by kind. */
  count: number;
  fromPercent: number | null;
  toPercent: number | null;
  weeks: number | null;
}

export interface AttentionItemValue {
  key: string;
  kind: 'ARTICLE' | 'SEARCH';
  articleId: string | null;
  query: string | null;
  readersAffected: number;
  reasons: AttentionReasonValue[];
  assigneeId: string | null;
  snoozedUntil: Date | null;
  ownerId: string | null;
  reviewedAt: Date | null;
  reviewedById: string | null;
}

export interface DayCount {
  day: string;
  count: number;
}
export interface WeekRatio {
  week: string;
  votes: number;
  helpful: number;
  ratio: number | null;
}
export interface ReasonCount {
  reason: string;
  count: number;
}
export interface SearchStat {
  query: string;
  searches: number;
  noResultSearches: number;
  opened: number;
  lastResultCount: number;
}
export interface UnansweredQuestionValue {
  commentId: string;
  articleId: string;
  excerpt: string;
  askedAt: Date;
}
export interface ArticleRowStat {
  articleId: string;
  views: number;
  votes: number;
  helpful: number;
}

interface VoteSummary {
  votes: number;
  helpfulVotes: number;
  helpfulRatio: number | null;
  helpfulnessByWeek: WeekRatio[];
  votesByReason: ReasonCount[];
}

export interface HelpCenterInsightsValue extends VoteSummary {
  period: Period;
  sectionId: string | null;
  views: number;
  viewsByDay: DayCount[];
  topSearches: SearchStat[];
  noResultSearches: SearchStat[];
  unopenedSearches: SearchStat[];
  unansweredQuestions: UnansweredQuestionValue[];
  topArticles: ArticleRowStat[];
}

export interface ArticleInsightsValue extends VoteSummary {
  period: Period;
  articleId: string;
  views: number;
  viewsByDay: DayCount[];
  unansweredQuestions: UnansweredQuestionValue[];
  ownerId: string | null;
  reviewIntervalDays: number;
  reviewedAt: Date | null;
  reviewedById: string | null;
  reviewDueAt: Date;
  attention: AttentionItemValue | null;
}

const DAY_MS = 86_400_000;
const STATUS_CACHE_SIZE = 10_000;
const SUMMARY_EVERY_MS = 3_600_000;
const STATUS_CACHE_MS = 60_000;
const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const LIST = 10;
const pct = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Article health (#22): counts views and searches (InsightsCollector), reads the signals
 * (views, the vote history, searches, unanswered questions, review dates) for the staff
 * dashboard, builds the attention queue, and owns its actions (assign, snooze, mark
 * reviewed, owner and interval). Its tables: article_view_readers, article_views_daily,
 * search_queries_daily, article_reviews, attention_states, insights_summary_runs
 * (article_vote_changes is written by the feedback service, in the vote's transaction).
 */
export class InsightsService {
  readonly collector: InsightsCollector;
  private summaryTimer: NodeJS.Timeout | null = null;
  private readonly statusCache = new Map<string, { status: string | null; until: number }>();
  /** Dashboard answers and the queue, for INSIGHTS_CACHE_SECONDS (by the service's clock). */
  private readonly results = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly deps: {
      mail: MailService | null;
      /** the in-app notice of the weekly summary, in the summary's transaction (the notification module writes it) */
      notify?: (tx: EntityManager, notice: { recipientId: string; kind: 'WEEKLY_ARTICLE_SUMMARY'; detail: string; dedupeKey: string }) => Promise<unknown>;
    },
  ) {
    this.collector = new InsightsCollector(db, clock, { appSecret: config.appSecret, flushMs: () => config.insights.flushMs });
  }

  private get settings() {
    return this.config.insights;
  }

  start(): void {
    this.collector.start();
    // the weekly owner summary: an hourly look, sent once per week and owner whichever instance looks first
    this.summaryTimer ??= setInterval(() => {
      this.sendWeeklySummaries().catch((err) => log().error({ err }, 'insights: weekly summaries failed; retried in an hour'));
    }, SUMMARY_EVERY_MS);
    this.summaryTimer.unref();
  }

  /** Forgets the cached dashboard answers and queue (an article changed, or a queue action). */
  invalidate(): void {
    this.results.clear();
  }

  /**
   * The answer of `key` from this instance's cache while it is fresh, else `compute()`d (and
   * kept). Their statements read a year of views and votes; a staff member clicking through
   * the dashboard asks the same question several times within seconds.
   */
  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const ttl = this.settings.cacheSeconds * 1000;
    if (ttl <= 0) return compute();
    const now = this.clock.now().getTime();
    const hit = this.results.get(key);
    if (hit && hit.until > now && hit.until - ttl <= now) return hit.value as Promise<T>;
    const value = compute();
    value.catch(() => this.results.delete(key));
    if (this.results.size >= 100) this.results.delete(this.results.keys().next().value!);
    this.results.set(key, { until: now + ttl, value });
    return value;
  }

  async stop(): Promise<void> {
    if (this.summaryTimer) clearInterval(this.summaryTimer);
    this.summaryTimer = null;
    await this.collector.stop();
  }

  recordView(input: ViewInput): Promise<boolean> {
    return this.collector.recordView(input);
  }

  /**
   * An article's status for the view beacon, from a small in-process cache (a minute), so a
   * counted view usually costs no statement at all; null: no such article.
   */
  async articleStatus(articleId: string): Promise<string | null> {
    const now = Date.now();
    const hit = this.statusCache.get(articleId);
    if (hit && hit.until > now) return hit.status;
    const [row] = await readRows<{ status: string }>(this.db, 'select status from articles where id = $1', [articleId]);
    if (this.statusCache.size >= STATUS_CACHE_SIZE) this.statusCache.delete(this.statusCache.keys().next().value!);
    this.statusCache.set(articleId, { status: row?.status ?? null, until: now + STATUS_CACHE_MS });
    return row?.status ?? null;
  }

  recordSearch(query: string, resultCount: number): void {
    this.collector.recordSearch(query, resultCount);
  }

  recordSearchOpened(query: string): void {
    this.collector.recordSearchOpened(query);
  }

  // ---- the dashboard ----

  async helpCenter(viewer: Viewer | null, periodInput: { from: string; to: string } | null | undefined, sectionId: string | null): Promise<HelpCenterInsightsValue> {
    assertCanManageInsights(viewer);
    const period = resolvePeriod(periodInput, this.clock);
    return this.cached(`hc:${period.from}:${period.to}:${sectionId ?? ''}`, () => this.computeHelpCenter(period, sectionId));
  }

  private async computeHelpCenter(period: Period, sectionId: string | null): Promise<HelpCenterInsightsValue> {
    const section = sectionId ? 'and a.section_id = $3' : '';
    const params = sectionId ? [period.from, period.to, sectionId] : [period.from, period.to];
    const [views, votes, searches, unanswered, topArticles] = await Promise.all([
      readRows<{ day: string; views: number }>(
        this.db,
        // the per-section daily rollup (kept by the flush's triggers; migration 1764490000001)
        `select v.day::text as day, sum(v.views)::int as views
           from insights_section_views_daily v
          where v.day between $1::date and $2::date ${sectionId ? 'and v.section_id = $3' : ''}
          group by v.day`,
        params,
      ),
      this.voteSummary(period, sectionId ? { sectionId } : {}),
      this.searchStats(period),
      this.unanswered({ sectionId, period }),
      readRows<ArticleRowStat>(
        this.db,
        `select t.article_id as "articleId", t.views,
                coalesce(c.votes, 0)::int as votes, coalesce(c.helpful, 0)::int as helpful
           from (select v.article_id, sum(v.views)::int as views
                   from article_views_daily v join articles a on a.id = v.article_id
                  where v.day between $1::date and $2::date ${section}
                  group by v.article_id order by views desc, v.article_id limit ${LIST}) t
           left join lateral (
             select count(*) filter (where to_helpful is not null) as votes, count(*) filter (where to_helpful) as helpful
               from article_vote_changes c
              where c.article_id = t.article_id and c.at >= $1::date and c.at < $2::date + 1) c on true
          order by t.views desc, t.article_id`,
        params,
      ),
    ]);
    const viewsByDay = this.fillDays(period, views.map((r) => ({ day: r.day, count: r.views })));
    return {
      period,
      sectionId,
      views: viewsByDay.reduce((n, d) => n + d.count, 0),
      viewsByDay,
      ...votes,
      ...searches,
      unansweredQuestions: unanswered,
      topArticles,
    };
  }

  async article(viewer: Viewer | null, articleId: string, periodInput: { from: string; to: string } | null | undefined): Promise<ArticleInsightsValue> {
    assertCanManageInsights(viewer);
    const period = resolvePeriod(periodInput, this.clock);
    const review = await this.reviewOf(articleId);
    const [views, votes, unanswered, queue] = await Promise.all([
      readRows<{ day: string; views: number }>(
        this.db,
        `select day::text as day, views from article_views_daily where article_id = $3 and day between $1::date and $2::date`,
        [period.from, period.to, articleId],
      ),
      this.voteSummary(period, { articleId }),
      this.unanswered({ articleId }),
      this.buildQueue({ articleId }),
    ]);
    const viewsByDay = this.fillDays(period, views.map((r) => ({ day: r.day, count: r.views })));
    return {
      period,
      articleId,
      views: viewsByDay.reduce((n, d) => n + d.count, 0),
      viewsByDay,
      ...votes,
      unansweredQuestions: unanswered,
      ...review,
      attention: queue[0] ?? null,
    };
  }

  private fillDays(period: Period, rows: DayCount[]): DayCount[] {
    const byDay = new Map(rows.map((r) => [r.day, r.count]));
    return daysOf(period).map((day) => ({ day, count: byDay.get(day) ?? 0 }));
  }

  /**
   * Votes cast in the period (each change to helpful or not helpful is one vote at its time):
   * an article's from its vote history, a section's or the help center's from the per-section
   * daily rollup (kept by the vote's transaction; migration 1764490000001).
   */
  private async voteSummary(period: Period, scope: { articleId?: string; sectionId?: string }): Promise<VoteSummary> {
    const rows = await readRows<{ week: string | null; reason: string | null; votes: number; helpful: number }>(
      this.db,
      scope.articleId
        ? `select to_char(date_trunc('week', c.at at time zone 'UTC'), 'YYYY-MM-DD') as week, c.reason,
                  count(*)::int as votes, count(*) filter (where c.to_helpful)::int as helpful
             from article_vote_changes c
            where c.at >= $1::date and c.at < $2::date + 1 and c.to_helpful is not null and c.article_id = $3
            group by 1, 2`
        : `select to_char(date_trunc('week', r.day::timestamp), 'YYYY-MM-DD') as week, nullif(r.reason, '') as reason,
                  sum(r.votes)::int as votes, sum(r.helpful)::int as helpful
             from insights_section_votes_daily r
            where r.day between $1::date and $2::date ${scope.sectionId ? 'and r.section_id = $3' : ''}
            group by 1, 2`,
      [period.from, period.to, ...(scope.articleId ? [scope.articleId] : scope.sectionId ? [scope.sectionId] : [])],
    );
    const weeks = new Map<string, WeekRatio>();
    const reasons = new Map<string, number>();
    let votes = 0;
    let helpful = 0;
    for (const r of rows) {
      votes += r.votes;
      helpful += r.helpful;
      const w = weeks.get(r.week!) ?? { week: r.week!, votes: 0, helpful: 0, ratio: null };
      w.votes += r.votes;
      w.helpful += r.helpful;
      weeks.set(r.week!, w);
      if (r.reason) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + r.votes);
    }
    return {
      votes,
      helpfulVotes: helpful,
      helpfulRatio: votes ? helpful / votes : null,
      helpfulnessByWeek: [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1)).map((w) => ({ ...w, ratio: w.votes ? w.helpful / w.votes : null })),
      votesByReason: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    };
  }

  private async searchStats(period: Period): Promise<Pick<HelpCenterInsightsValue, 'topSearches' | 'noResultSearches' | 'unopenedSearches'>> {
    const stat = `select query, sum(searches)::int as searches, sum(no_result_searches)::int as "noResultSearches", sum(opened)::int as opened,
                         (array_agg(last_result_count order by day desc))[1] as "lastResultCount"
                    from search_queries_daily where day between $1::date and $2::date group by query`;
    const [top, none, unopened] = await Promise.all([
      readRows<SearchStat>(this.db, `${stat} order by searches desc, query limit ${LIST}`, [period.from, period.to]),
      readRows<SearchStat>(this.db, `${stat} having sum(no_result_searches) > 0 order by "noResultSearches" desc, query limit ${LIST}`, [period.from, period.to]),
      readRows<SearchStat>(
        this.db,
        `${stat} having sum(opened) = 0 and sum(searches) > sum(no_result_searches) order by searches desc, query limit ${LIST}`,
        [period.from, period.to],
      ),
    ]);
    return { topSearches: top, noResultSearches: none, unopenedSearches: unopened };
  }

  /**
   * Members' top-level comments, published, older than INSIGHTS_UNANSWERED_HOURS, with no
   * accepted answer and no published reply by staff; oldest first.
   */
  private unanswered(scope: { articleId?: string; sectionId?: string | null; period?: Period }, limit = LIST): Promise<UnansweredQuestionValue[]> {
    const params: unknown[] = [new Date(this.clock.now().getTime() - this.settings.unansweredHours * 3_600_000)];
    let filter = '';
    if (scope.articleId) {
      params.push(scope.articleId);
      filter += ` and c.article_id = $${params.length}`;
    }
    if (scope.sectionId) {
      params.push(scope.sectionId);
      filter += ` and a.section_id = $${params.length}`;
    }
    if (scope.period) {
      params.push(scope.period.from, scope.period.to);
      filter += ` and c.created_at >= $${params.length - 1}::date and c.created_at < $${params.length}::date + 1`;
    }
    return readRows<UnansweredQuestionValue>(
      this.db,
      `${UNANSWERED_SQL} ${filter}
       order by c.created_at, c.id limit ${limit}`,
      params,
    );
  }

  // ---- the attention queue ----

  async attentionQueue(viewer: Viewer | null, reason: AttentionReasonKind | null): Promise<AttentionItemValue[]> {
    assertCanManageInsights(viewer);
    const items = await this.cached('queue', () => this.buildQueue({}));
    return reason ? items.filter((i) => i.reasons.some((r) => r.kind === reason)) : items;
  }

  /** Every item with at least one reason and not snoozed, most readers affected first. */
  async buildQueue(scope: { articleId?: string }): Promise<AttentionItemValue[]> {
    const s = this.settings;
    const now = this.clock.now();
    const weekMs = 7 * DAY_MS;
    const mid = new Date(now.getTime() - s.helpfulnessWeeks * weekMs);
    const start = new Date(now.getTime() - 2 * s.helpfulnessWeeks * weekMs);
    const monthAgo = dayOf(new Date(now.getTime() - 30 * DAY_MS));
    const only = scope.articleId ? 'and a.id = $2' : '';
    const p = (...rest: unknown[]) => (scope.articleId ? [...rest.slice(0, 1), scope.articleId, ...rest.slice(1)] : rest);
    const at = (n: number) => `$${scope.articleId ? n + 1 : n}`;

    const [votes, unanswered, reviews, views, searches, states] = await Promise.all([
      // Votes in the two windows since the later of the article's latest revision and the
      // start of the earlier window: publishing a revision starts anew.
      readRows<{ articleId: string; prevVotes: number; prevHelpful: number; recentVotes: number; recentHelpful: number; outdated: number }>(
        this.db,
        // votes cast in each window (a changed vote counts in the window it was cast in), from
        // the index on the vote history's time; `w` is materialized so the latest revision is
        // looked up once per article, not once per vote
        `with w as materialized (
           select a.id, greatest(coalesce(max(r.created_at), a.created_at), ${at(2)}::timestamptz) as since
             from articles a left join article_revisions r on r.article_id = a.id
            where a.status = 'PUBLISHED' ${only}
            group by a.id
         )
         select c.article_id as "articleId",
                count(*) filter (where c.at < ${at(3)}::timestamptz and c.to_helpful is not null)::int as "prevVotes",
                count(*) filter (where c.at < ${at(3)}::timestamptz and c.to_helpful)::int as "prevHelpful",
                count(*) filter (where c.at >= ${at(3)}::timestamptz and c.to_helpful is not null)::int as "recentVotes",
                count(*) filter (where c.at >= ${at(3)}::timestamptz and c.to_helpful)::int as "recentHelpful",
                count(*) filter (where c.reason = 'OUTDATED')::int as outdated
           from article_vote_changes c join w on w.id = c.article_id and c.at >= w.since
          where c.at >= ${at(2)}::timestamptz and c.at <= $1 ${scope.articleId ? 'and c.article_id = $2' : ''}
          group by c.article_id`,
        p(now, start, mid),
      ),
      readRows<{ articleId: string; n: number }>(
        this.db,
        `select q."articleId", count(*)::int as n from (${UNANSWERED_SQL} ${only}) q group by q."articleId"`,
        p(new Date(now.getTime() - s.unansweredHours * 3_600_000)),
      ),
      readRows<{ articleId: string; ownerId: string | null; reviewedAt: Date | null; reviewedById: string | null; dueAt: Date }>(
        this.db,
        `select a.id as "articleId", coalesce(r.owner_id, a.author_id) as "ownerId", r.reviewed_at as "reviewedAt", r.reviewed_by as "reviewedById",
                coalesce(r.reviewed_at, a.published_at, a.created_at) + make_interval(days => coalesce(r.interval_days, ${at(2)}::int)) as "dueAt"
           from articles a left join article_reviews r on r.article_id = a.id
          where a.status = 'PUBLISHED' and $1::timestamptz is not null ${only}`,
        p(now, s.reviewIntervalDays),
      ),
      readRows<{ articleId: string; views: number }>(
        this.db,
        `select v.article_id as "articleId", sum(v.views)::int as views from article_views_daily v
          where v.day > $1::date ${scope.articleId ? 'and v.article_id = $2' : ''} group by v.article_id`,
        p(monthAgo),
      ),
      scope.articleId
        ? Promise.resolve([])
        : readRows<{ query: string; noResult: number; lastResultCount: number }>(
            this.db,
            `select query, sum(no_result_searches)::int as "noResult", (array_agg(last_result_count order by day desc))[1] as "lastResultCount"
               from search_queries_daily where day > $1::date
              group by query having sum(no_result_searches) >= $2`,
            [monthAgo, s.noResultSearches],
          ),
      readRows<{ key: string; assigneeId: string | null; snoozedUntil: Date | null }>(
        this.db,
        `select item_key as key, assignee_id as "assigneeId", snoozed_until as "snoozedUntil" from attention_states
          ${scope.articleId ? 'where item_key = $1' : ''}`,
        scope.articleId ? [attentionItemKey({ kind: 'ARTICLE', articleId: scope.articleId })] : [],
      ),
    ]);

    const items = new Map<string, AttentionItemValue>();
    const reviewBy = new Map(reviews.map((r) => [r.articleId, r]));
    const viewsBy = new Map(views.map((v) => [v.articleId, v.views]));
    const articleItem = (articleId: string) => {
      const key = attentionItemKey({ kind: 'ARTICLE', articleId });
      let item = items.get(key);
      if (!item) {
        const review = reviewBy.get(articleId);
        item = {
          key,
          kind: 'ARTICLE',
          articleId,
          query: null,
          readersAffected: viewsBy.get(articleId) ?? 0,
          reasons: [],
          assigneeId: null,
          snoozedUntil: null,
          ownerId: review?.ownerId ?? null,
          reviewedAt: review?.reviewedAt ?? null,
          reviewedById: review?.reviewedById ?? null,
        };
        items.set(key, item);
      }
      return item;
    };
    const reason = (r: Partial<AttentionReasonValue> & Pick<AttentionReasonValue, 'kind' | 'message' | 'count'>): AttentionReasonValue => ({
      fromPercent: null,
      toPercent: null,
      weeks: null,
      ...r,
    });

    for (const v of votes) {
      if (v.prevVotes >= s.minVotes && v.recentVotes >= s.minVotes) {
        const from = pct(v.prevHelpful, v.prevVotes);
        const to = pct(v.recentHelpful, v.recentVotes);
        if (from - to >= s.helpfulnessDrop) {
          articleItem(v.articleId).reasons.push(
            reason({
              kind: 'HELPFULNESS_FELL',
              message: `Helpfulness fell from ${from} % to ${to} % over ${plural(s.helpfulnessWeeks, 'week')} (${v.prevVotes + v.recentVotes} votes)`,
              count: v.prevVotes + v.recentVotes,
              fromPercent: from,
              toPercent: to,
              weeks: s.helpfulnessWeeks,
            }),
          );
        }
      }
      if (v.outdated >= s.outdatedVotes) {
        articleItem(v.articleId).reasons.push(reason({ kind: 'OUTDATED', message: `${plural(v.outdated, 'reader')} said it is outdated`, count: v.outdated }));
      }
    }
    for (const u of unanswered) {
      articleItem(u.articleId).reasons.push(reason({ kind: 'UNANSWERED_QUESTIONS', message: `${plural(u.n, 'unanswered question')}`, count: u.n }));
    }
    for (const r of reviews) {
      const overdue = Math.floor((now.getTime() - new Date(r.dueAt).getTime()) / DAY_MS);
      if (overdue >= 1) articleItem(r.articleId).reasons.push(reason({ kind: 'REVIEW_OVERDUE', message: `Review overdue by ${plural(overdue, 'day')}`, count: overdue }));
    }
    for (const q of searches) {
      if (q.lastResultCount !== 0) continue; // it finds something now
      const key = attentionItemKey({ kind: 'SEARCH', query: q.query });
      items.set(key, {
        key,
        kind: 'SEARCH',
        articleId: null,
        query: q.query,
        readersAffected: q.noResult,
        reasons: [reason({ kind: 'NO_RESULT_SEARCH', message: `"${q.query}" searched ${plural(q.noResult, 'time')} with no result`, count: q.noResult })],
        assigneeId: null,
        snoozedUntil: null,
        ownerId: null,
        reviewedAt: null,
        reviewedById: null,
      });
    }
    for (const st of states) {
      const item = items.get(st.key);
      if (!item) continue;
      item.assigneeId = st.assigneeId;
      item.snoozedUntil = st.snoozedUntil && new Date(st.snoozedUntil) > now ? new Date(st.snoozedUntil) : null;
    }
    return [...items.values()]
      .filter((i) => i.reasons.length > 0 && !i.snoozedUntil)
      .sort((a, b) => b.readersAffected - a.readersAffected || (a.key < b.key ? -1 : 1));
  }

  // ---- actions ----

  /** Assigns an item to a staff member (null: unassigns). */
  async assign(viewer: Viewer | null, item: AttentionItemKey, assigneeId: string | null): Promise<void> {
    assertCanActOnInsights(viewer);
    await this.checkItem(item);
    if (assigneeId) {
      const [u] = await this.db.query(`select role from users where id = $1`, [assigneeId]);
      if (!u) throw new NotFoundError('assignee');
      if (u.role === 'MEMBER') throw new BadUserInputError('Items are assigned to staff members.', { field: 'assigneeId' });
    }
    await this.upsertState(viewer.id, item, { assignee_id: assigneeId });
    this.invalidate();
  }

  /** Hides an item from the queue until `until` (at most a year ahead); null: shows it again. */
  async snooze(viewer: Viewer | null, item: AttentionItemKey, until: Date | null): Promise<void> {
    assertCanActOnInsights(viewer);
    await this.checkItem(item);
    const now = this.clock.now();
    if (until && (Number.isNaN(until.getTime()) || until <= now || until.getTime() - now.getTime() > 366 * DAY_MS)) {
      throw new BadUserInputError('until must be in the future, at most a year ahead.', { field: 'until' });
    }
    await this.upsertState(viewer.id, item, { snoozed_until: until });
    this.invalidate();
  }

  /** Records that the viewer reviewed the article now: the next review is due one interval later. */
  async markReviewed(viewer: Viewer | null, articleId: string): Promise<void> {
    assertCanActOnInsights(viewer);
    await this.checkItem({ kind: 'ARTICLE', articleId });
    await this.db.query(
      `insert into article_reviews (article_id, reviewed_at, reviewed_by) values ($1, $2, $3)
       on conflict (article_id) do update set reviewed_at = excluded.reviewed_at, reviewed_by = excluded.reviewed_by`,
      [articleId, this.clock.now(), viewer.id],
    );
    this.invalidate();
  }

  /** Sets the article's owner (a staff member; null: its author) and review interval (null: the default). */
  async setReview(viewer: Viewer | null, articleId: string, input: { ownerId?: string | null; intervalDays?: number | null }): Promise<void> {
    assertCanActOnInsights(viewer);
    await this.checkItem({ kind: 'ARTICLE', articleId });
    if (input.intervalDays != null && (!Number.isInteger(input.intervalDays) || input.intervalDays < 1 || input.intervalDays > 3650)) {
      throw new BadUserInputError('reviewIntervalDays is between 1 and 3650.', { field: 'reviewIntervalDays' });
    }
    if (input.ownerId) {
      const [u] = await this.db.query(`select role from users where id = $1`, [input.ownerId]);
      if (!u) throw new NotFoundError('owner');
      if (u.role === 'MEMBER') throw new BadUserInputError('An article is owned by a staff member.', { field: 'ownerId' });
    }
    await inTransaction(this.db, async (tx) => {
      await tx.query(`insert into article_reviews (article_id) values ($1) on conflict do nothing`, [articleId]);
      if (input.ownerId !== undefined) await tx.query(`update article_reviews set owner_id = $2 where article_id = $1`, [articleId, input.ownerId]);
      if (input.intervalDays !== undefined) await tx.query(`update article_reviews set interval_days = $2 where article_id = $1`, [articleId, input.intervalDays]);
    });
    this.invalidate();
  }

  async reviewOf(articleId: string): Promise<Pick<ArticleInsightsValue, 'ownerId' | 'reviewIntervalDays' | 'reviewedAt' | 'reviewedById' | 'reviewDueAt'>> {
    const [row] = await readRows<{ ownerId: string | null; intervalDays: number; reviewedAt: Date | null; reviewedById: string | null; dueAt: Date }>(
      this.db,
      `select coalesce(r.owner_id, a.author_id) as "ownerId", coalesce(r.interval_days, $2::int) as "intervalDays",
              r.reviewed_at as "reviewedAt", r.reviewed_by as "reviewedById",
              coalesce(r.reviewed_at, a.published_at, a.created_at) + make_interval(days => coalesce(r.interval_days, $2::int)) as "dueAt"
         from articles a left join article_reviews r on r.article_id = a.id where a.id = $1`,
      [articleId, this.settings.reviewIntervalDays],
    );
    if (!row) throw new NotFoundError('article');
    return { ownerId: row.ownerId, reviewIntervalDays: row.intervalDays, reviewedAt: row.reviewedAt, reviewedById: row.reviewedById, reviewDueAt: new Date(row.dueAt) };
  }

  private async checkItem(item: AttentionItemKey): Promise<void> {
    if (item.kind === 'ARTICLE') {
      const [a] = await this.db.query(`select 1 from articles where id = $1`, [item.articleId]);
      if (!a) throw new NotFoundError('article');
    } else if (!normalizeQuery(item.query) || normalizeQuery(item.query) !== item.query) {
      throw new BadUserInputError('Not a search of the queue.', { field: 'itemId' });
    }
  }

  private async upsertState(userId: string, item: AttentionItemKey, set: { assignee_id?: string | null; snoozed_until?: Date | null }) {
    const [col, value] = Object.entries(set)[0];
    await this.db.query(
      `insert into attention_states (item_key, ${col}, updated_by, updated_at) values ($1, $2, $3, $4)
       on conflict (item_key) do update set ${col} = excluded.${col}, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [attentionItemKey(item), value, userId, this.clock.now()],
    );
  }

  // ---- the weekly owner summary ----

  /**
   * Tells each owner of the queue's items of their articles, once per ISO week: an in-app
   * notification (WEEKLY_ARTICLE_SUMMARY, linking to /insights) and a mail, in one transaction.
   * The insights_summary_runs row and the notification's and mail's dedupe keys (all unique per
   * week and owner) keep two instances, or a restart, from sending it twice. Returns the
   * summaries this call sent.
   */
  async sendWeeklySummaries(): Promise<number> {
    const now = this.clock.now();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    const week = dayOf(monday);
    const byOwner = new Map<string, AttentionItemValue[]>();
    for (const item of await this.buildQueue({})) {
      if (item.kind !== 'ARTICLE' || !item.ownerId) continue;
      byOwner.set(item.ownerId, [...(byOwner.get(item.ownerId) ?? []), item]);
    }
    let sent = 0;
    for (const [ownerId, items] of byOwner) {
      const done = await inTransaction(this.db, async (tx) => {
        const claimed = await tx.query(
          `insert into insights_summary_runs (week, owner_id, items) values ($1, $2, $3) on conflict do nothing returning owner_id`,
          [week, ownerId, items.length],
        );
        if (!claimed.length) return false;
        const [owner]: Array<{ email: string | null; handle: string }> = await tx.query(`select email, handle from users where id = $1`, [ownerId]);
        const titles: Array<{ id: string; title: string }> = await tx.query(`select id, title from articles where id = any($1::uuid[])`, [items.map((i) => i.articleId)]);
        const title = new Map(titles.map((t) => [t.id, t.title]));
        await this.deps.notify?.(tx, { recipientId: ownerId, kind: 'WEEKLY_ARTICLE_SUMMARY', detail: week, dedupeKey: `insights-summary:${week}` });
        const lines = items.map((i) => `- ${title.get(i.articleId!) ?? 'an article'}: ${i.reasons.map((r) => r.message).join('; ')}`);
        if (owner?.email && this.deps.mail) {
          const link = `${this.config.publicUrl}/insights`;
          await this.deps.mail.enqueue(tx, {
            kind: 'INSIGHTS_SUMMARY',
            to: owner.email,
            subject: `${plural(items.length, 'article')} of yours need attention`,
            text: `Hello ${owner.handle},\n\nThe week of ${week}, these articles you own are in the attention queue:\n\n${lines.join('\n')}\n\nOpen the queue: ${link}\n`,
            html: `<p>Hello ${escapeHtml(owner.handle)},</p><p>The week of ${week}, these articles you own are in the attention queue:</p><ul>${lines
              .map((l) => `<li>${escapeHtml(l.slice(2))}</li>`)
              .join('')}</ul><p><a href="${escapeHtml(link)}">Open the queue</a></p>`,
            userId: ownerId,
            dedupeKey: `insights-summary:${week}:${ownerId}`,
          });
        }
        return true;
      });
      if (done) sent++;
    }
    return sent;
  }
}

/** Unanswered questions (params: $1 = asked before). Callers append filters on c, a. */
const UNANSWERED_SQL = `
  select c.id as "commentId", c.article_id as "articleId", left(c.body, 200) as excerpt, c.created_at as "askedAt"
    from comments c
    join users u on u.id = c.author_id and u.role = 'MEMBER'
    join articles a on a.id = c.article_id and a.status = 'PUBLISHED'
   where c.parent_id is null and c.status = 'PUBLISHED' and c.accepted_answer_id is null and c.created_at < $1
     and not exists (
       select 1 from comments r join users ru on ru.id = r.author_id
        where r.parent_id = c.id and r.status = 'PUBLISHED' and (r.is_official or ru.role <> 'MEMBER'))`;
