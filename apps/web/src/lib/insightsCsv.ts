import type { HelpCenterInsightsQuery } from '@atrium/schema';

type Insights = HelpCenterInsightsQuery['helpCenterInsights'];

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab,
 * CR) is prefixed with ' so a spreadsheet never runs a search query typed by a reader as a formula.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The dashboard as one CSV: a `table` column names each block (views, helpfulness, reasons, searches, questions, articles). */
export function insightsCsv(d: Insights): string {
  const rows: Array<Array<string | number | null | undefined>> = [['table', 'key', 'value', 'detail']];
  for (const v of d.viewsByDay) rows.push(['views_per_day', v.day, v.count, '']);
  for (const w of d.helpfulnessByWeek) rows.push(['helpfulness_per_week', w.week, w.ratio == null ? '' : w.ratio.toFixed(3), `${w.helpful}/${w.votes} helpful`]);
  for (const r of d.votesByReason) rows.push(['not_helpful_reasons', r.reason, r.count, '']);
  for (const s of d.topSearches) rows.push(['top_searches', s.query, s.searches, `opened ${s.opened}, no result ${s.noResultSearches}`]);
  for (const s of d.noResultSearches) rows.push(['no_result_searches', s.query, s.noResultSearches, `of ${s.searches} searches`]);
  for (const s of d.unopenedSearches) rows.push(['unopened_searches', s.query, s.searches, `${s.lastResultCount} results`]);
  for (const q of d.unansweredQuestions) rows.push(['unanswered_questions', q.article?.title ?? '', q.askedAt, q.excerpt]);
  for (const a of d.topArticles) rows.push(['most_read_articles', a.article?.title ?? '', a.views, `${a.helpful}/${a.votes} helpful`]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
