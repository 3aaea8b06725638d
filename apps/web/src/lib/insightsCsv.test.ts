import { describe, expect, it } from 'vitest';
import { csvCell, insightsCsv } from './insightsCsv';

describe('insights CSV', () => {
  it('quotes commas, quotes and line breaks; defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('writes every block of the dashboard', () => {
    const csv = insightsCsv({
      period: { from: '2026-01-01', to: '2026-01-02' },
      sectionId: null,
      views: 3,
      viewsByDay: [{ day: '2026-01-01', count: 1 }, { day: '2026-01-02', count: 2 }],
      votes: 2,
      helpfulVotes: 1,
      helpfulRatio: 0.5,
      helpfulnessByWeek: [{ week: '2025-12-29', votes: 2, helpful: 1, ratio: 0.5 }],
      votesByReason: [{ reason: 'OUTDATED', count: 1 }],
      topSearches: [{ query: 'invoice, pdf', searches: 4, noResultSearches: 0, opened: 2, lastResultCount: 3 }],
      noResultSearches: [{ query: '=cmd', searches: 2, noResultSearches: 2, opened: 0, lastResultCount: 0 }],
      unopenedSearches: [],
      unansweredQuestions: [],
      topArticles: [{ views: 3, votes: 2, helpful: 1, article: { id: 'a', title: 'Sync', slug: 'sync' } }],
    } as never);
    expect(csv.split('\r\n')).toEqual([
      'table,key,value,detail',
      'views_per_day,2026-01-01,1,',
      'views_per_day,2026-01-02,2,',
      'helpfulness_per_week,2025-12-29,0.500,1/2 helpful',
      'not_helpful_reasons,OUTDATED,1,',
      'top_searches,"invoice, pdf",4,"opened 2, no result 0"',
      "no_result_searches,'=cmd,2,of 2 searches",
      'most_read_articles,Sync,3,1/2 helpful',
      '',
    ]);
  });
});
