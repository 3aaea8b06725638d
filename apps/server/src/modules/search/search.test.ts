import { describe, expect, it } from 'vitest';
import { ArchiveArticleDocument, SearchDocument, UpdateArticleDocument, type SearchQuery, type SearchQueryVariables } from '@atrium/schema';
import { buildArticle, buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { DEFAULT_MAX_LENGTH } from '../../graphql/input-rules.js';
import { parseSearchQuery } from './search.query.js';
import { finishSnippet } from './search.snippet.js';

useTestApp();

type Hits = SearchQuery['search'];

async function search(vars: SearchQueryVariables, as?: TestUser | null): Promise<Hits> {
  return (await gql(SearchDocument, vars, { as })).expectData().search;
}

const titles = (r: Hits) => r.edges.map((e) => e.node.title);

/** Every tag in a snippet is a <mark> or </mark>, and every & starts an entity. */
function expectSafeSnippet(snippet: string) {
  const withoutMarks = snippet.replace(/<\/?mark>/g, '');
  expect(withoutMarks).not.toMatch(/[<>"]/);
  expect(withoutMarks).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
  // marks are balanced and never nested
  expect(snippet.replace(/<mark>[^<]*<\/mark>/g, '')).not.toMatch(/<\/?mark>/);
}

describe('Query.search: ranking and snippets', () => {
  it('ranks a title match above a body match and highlights the body match', async () => {
    const section = await buildSection();
    await buildArticle({ section, title: 'Account settings', body: 'You can change the **passphrase** of your account here.' });
    await buildArticle({ section, title: 'Changing your passphrase', body: 'Open the profile page and follow the steps.' });
    await buildArticle({ section, title: 'Unrelated', body: 'Nothing to see.' });

    const r = await search({ query: 'passphrase' });
    expect(r.fuzzy).toBe(false);
    expect(titles(r)).toEqual(['Changing your passphrase', 'Account settings']);
    expect(r.totalCount).toBe(2);
    expect(r.edges[0].rank).toBeGreaterThan(r.edges[1].rank);
    expect(r.edges[1].snippet).toBe('You can change the <mark>passphrase</mark> of your account here.');
    // the snippet is the plain text of the markdown: no ** left
    expect(r.edges[1].snippet).not.toContain('*');
  });

  it('ranks a label match between a title and a body match', async () => {
    await buildArticle({ title: 'Gadget troubleshooting', body: 'Restart the device.' });
    await buildArticle({ title: 'Shipping', body: 'We ship every gadget within two days.' });
    await buildArticle({ title: 'Warranty terms', body: 'Covered for two years.', labels: ['gadget'] });
    expect(titles(await search({ query: 'gadget' }))).toEqual(['Gadget troubleshooting', 'Warranty terms', 'Shipping']);
  });

  it('matches stemmed forms and escapes the text around the marks', async () => {
    await buildArticle({
      title: 'Escaping test',
      body: 'Tom & Jerry said `configure <input type="text">` before configuring the switch; it\'s configured.',
    });
    const [hit] = (await search({ query: 'configuration' })).edges;
    // (markdown-it's typographer turns it's into it’s)
    expect(hit.snippet).toBe(
      'Tom &amp; Jerry said <mark>configure</mark> &lt;input type=&quot;text&quot;&gt; before <mark>configuring</mark> the switch; it’s <mark>configured</mark>.',
    );
    expectSafeSnippet(hit.snippet);
  });

  it('picks passages of a long body around the matches', async () => {
    const filler = 'Lorem ipsum dolor sit amet consectetur. '.repeat(60);
    await buildArticle({ title: 'Long read', body: `${filler}The **heliotrope** setting is hidden here. ${filler}` });
    const [hit] = (await search({ query: 'heliotrope' })).edges;
    expect(hit.snippet).toContain('The <mark>heliotrope</mark> setting is hidden here.');
    expect(hit.snippet.length).toBeLessThan(400);
  });
});

describe('Query.search: web-search syntax', () => {
  it('supports "quoted phrases", OR and -exclusion', async () => {
    await buildArticle({ title: 'Blue whale facts', body: 'The blue whale migrates.' });
    await buildArticle({ title: 'Whale watching', body: 'Bring a blue jacket; the whale may show.' });
    await buildArticle({ title: 'Narwhal tusks', body: 'A narwhal is not a whale.' });
    await buildArticle({ title: 'Walrus colonies', body: 'Walrus herds on ice.' });

    expect(titles(await search({ query: '"blue whale"' }))).toEqual(['Blue whale facts']);
    expect(titles(await search({ query: 'narwhal OR walrus' })).sort()).toEqual(['Narwhal tusks', 'Walrus colonies']);
    expect(titles(await search({ query: 'whale -blue' }))).toEqual(['Narwhal tusks']);
    expect(titles(await search({ query: 'whale -"blue whale"' })).sort()).toEqual(['Narwhal tusks', 'Whale watching']);
  });
});

describe('Query.search: search-as-you-type and typos', () => {
  it('matches the last word as a prefix while it is being typed', async () => {
    await buildArticle({ title: 'How to reset your password', body: 'Use the forgotten-password link on the sign-in page.' });
    await buildArticle({ title: 'Reset the router', body: 'Hold the button for ten seconds.' });

    const r = await search({ query: 'passw' });
    expect(r.fuzzy).toBe(false);
    expect(titles(r)).toEqual(['How to reset your password']);
    expect(r.edges[0].snippet).toContain('<mark>password</mark>');
    expect(titles(await search({ query: 'reset passw' }))).toEqual(['How to reset your password']);
    expect(titles(await search({ query: 'rout' }))).toEqual(['Reset the router']);
    // "router or passw": either one
    expect(titles(await search({ query: 'router or passw' })).sort()).toEqual(['How to reset your password', 'Reset the router']);
    // a finished word (trailing space) is matched whole: "passw" is no word of any article,
    // so full-text search finds nothing and the typo-tolerant title match answers
    const finished = await search({ query: 'reset passw ' });
    expect(finished.fuzzy).toBe(true);
    expect(titles(finished)[0]).toBe('How to reset your password');
  });

  it('falls back to trigram similarity on titles when full-text search finds nothing', async () => {
    const r = await search({ query: 'pasword' });
    expect(r.fuzzy).toBe(true);
    expect(titles(r)[0]).toBe('How to reset your password');
    expect(r.totalCount).toBeGreaterThanOrEqual(1);
    for (const e of r.edges) expectSafeSnippet(e.snippet);

    const multi = await search({ query: 'reset ruoter' });
    expect(multi.fuzzy).toBe(true);
    expect(titles(multi)[0]).toBe('Reset the router');
    // exact words never go to the fallback
    expect((await search({ query: 'password' })).fuzzy).toBe(false);
  });

  it('gives nothing for gibberish', async () => {
    const r = await search({ query: 'xqzvkj wpfhgt' });
    expect(r.edges).toEqual([]);
    expect(r.totalCount).toBe(0);
    expect(r.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
  });
});

describe('Query.search: typos in body words (the vocabulary)', () => {
  it('corrects a misspelled word that only occurs in bodies, and highlights the corrected word', async () => {
    await buildArticle({ title: 'Router lights', body: 'If the router blinks orange, the **thermocouple** is loose.' });
    await buildArticle({ title: 'Unrelated kettle', body: 'Boil water.' });
    const r = await search({ query: 'thermocuople ' });
    expect(r.fuzzy).toBe(true);
    expect(titles(r)).toEqual(['Router lights']);
    expect(r.totalCount).toBe(1);
    expect(r.edges[0].snippet).toContain('<mark>thermocouple</mark>');
    // words spelled right stay, the misspelled one is corrected: both must match (AND)
    expect(titles(await search({ query: 'orange thermocuple ' }))).toEqual(['Router lights']);
    // (no article has both: the title fallback answers, with the kettle only)
    expect(titles(await search({ query: 'kettle thermocuple ' }))).toEqual(['Unrelated kettle']);
    // a body word of a draft is not in the vocabulary: no correction towards it for anyone
    await buildArticle({ title: 'Draft notes', body: 'The zirconium flange.', status: 'DRAFT' });
    const draft = await search({ query: 'zirconiun ' }, await buildUser({ role: 'AGENT' }));
    expect(titles(draft)).toEqual([]);
  });

  it('follows edits: a word removed from the only article containing it no longer corrects to it', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const article = await buildArticle({ title: 'Pump maintenance', body: 'Grease the flywheelbearing every month.' });
    const vocabulary = async (word: string) => (await sql<{ articles: number }>(`select articles from search_words where word = $1`, [word]))[0]?.articles ?? 0;
    expect(await vocabulary('flywheelbearing')).toBe(1);
    expect(titles(await search({ query: 'flywheelbaering ' }))).toEqual(['Pump maintenance']);

    // a second article with the word counts twice; archiving it (not published any more) takes it back
    const other = await buildArticle({ title: 'Second pump', body: 'The flywheelbearing again.' });
    expect(await vocabulary('flywheelbearing')).toBe(2);
    (await gql(ArchiveArticleDocument, { input: { articleId: other.gid } }, { as: agent })).expectData();
    expect(await vocabulary('flywheelbearing')).toBe(1);

    (await gql(UpdateArticleDocument, { input: { articleId: article.gid, body: 'Grease the gearbox every month.' } }, { as: agent })).expectData();
    expect(await vocabulary('flywheelbearing')).toBe(0);
    expect(await vocabulary('gearbox')).toBe(1);
    const after = await search({ query: 'flywheelbaering ' });
    expect(titles(after)).toEqual([]);
    expect(after.totalCount).toBe(0);
    // the new word is found with a typo
    expect(titles(await search({ query: 'gaerbox ' }))).toEqual(['Pump maintenance']);
    // counter updates of the article (votes, comments) leave the vocabulary alone
    await sql(`update articles set vote_count = vote_count + 1 where id = $1`, [article.id]);
    expect(await vocabulary('gearbox')).toBe(1);
    // deleting the article takes its words out
    await sql(`delete from article_revisions where article_id = $1`, [article.id]);
    await sql(`delete from articles where id = $1`, [article.id]);
    expect(await vocabulary('gearbox')).toBe(0);
  });

  it('keeps search_documents in step with the article (status, section, labels, words)', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const section = await buildSection();
    const article = await buildArticle({ section, title: 'Walrus guide', body: 'Tusks and ice.', labels: ['arctic'] });
    expect(titles(await search({ query: 'walrus', label: 'arctic', sectionId: section.gid }))).toEqual(['Walrus guide']);
    (await gql(UpdateArticleDocument, { input: { articleId: article.gid, labels: ['antarctic'], title: 'Penguin guide' } }, { as: agent })).expectData();
    const inSection = { sectionId: section.gid };
    expect(titles(await search({ query: 'walrus', ...inSection }))).toEqual([]);
    expect(titles(await search({ query: 'penguin', label: 'antarctic', ...inSection }))).toEqual(['Penguin guide']);
    (await gql(ArchiveArticleDocument, { input: { articleId: article.gid } }, { as: agent })).expectData();
    expect(titles(await search({ query: 'penguin', ...inSection }))).toEqual([]);
    expect(titles(await search({ query: 'penguin', ...inSection }, agent))).toEqual(['Penguin guide']);
  });

  it('ranks a title match above many body mentions when matches exceed the fully ranked candidates', async () => {
    const section = await buildSection();
    for (let i = 0; i < 60; i++) await buildArticle({ section, title: `Mentions ${i}`, body: 'The capybara. '.repeat(1 + (i % 5)) });
    await buildArticle({ section, title: 'Capybara handbook', body: 'Everything.' });
    const r = await search({ query: 'capybara', first: 5 });
    expect(r.totalCount).toBe(61);
    expect(titles(r)[0]).toBe('Capybara handbook');
    // every match is reachable, in one order, with falling ranks
    const seen: string[] = [];
    const ranks: number[] = [];
    let after: string | null | undefined = null;
    for (;;) {
      const page: Hits = await search({ query: 'capybara', first: 20, after });
      expect(page.totalCount).toBe(61);
      seen.push(...page.edges.map((e) => e.node.id));
      ranks.push(...page.edges.map((e) => e.rank));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(61);
    expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
  });
});

describe('Query.search: visibility', () => {
  it('finds drafts and archived articles for staff only, in every mode and count', async () => {
    const section = await buildSection();
    await buildArticle({ section, title: 'Quokka habitat', body: 'Published quokka text.', status: 'PUBLISHED' });
    await buildArticle({ section, title: 'Quokka diet draft', body: 'Secret quokka plans.', status: 'DRAFT' });
    await buildArticle({ section, title: 'Quokka census archived', body: 'Old quokka numbers.', status: 'ARCHIVED' });
    const member = await buildUser();
    const agent = await buildUser({ role: 'AGENT' });
    const moderator = await buildUser({ role: 'MODERATOR' });

    for (const who of [null, member]) {
      for (const query of ['quokka', 'quok', 'secret', 'quoka diet']) {
        const r = await search({ query }, who);
        expect(titles(r).filter((t) => t !== 'Quokka habitat')).toEqual([]);
        expect(r.totalCount).toBe(r.edges.length);
        for (const e of r.edges) expect(e.node.status).toBe('PUBLISHED');
      }
    }
    for (const staff of [agent, moderator]) {
      const r = await search({ query: 'quokka' }, staff);
      expect(titles(r).sort()).toEqual(['Quokka census archived', 'Quokka diet draft', 'Quokka habitat']);
      expect(r.totalCount).toBe(3);
      expect(titles(await search({ query: 'secret' }, staff))).toEqual(['Quokka diet draft']);
    }
    // typo mode keeps the rule too
    expect(titles(await search({ query: 'quoka diet draf' }, agent))[0]).toBe('Quokka diet draft');
    expect(titles(await search({ query: 'quoka diet draf' })).includes('Quokka diet draft')).toBe(false);
  });

  it('filters by section and label', async () => {
    const a = await buildSection();
    const b = await buildSection();
    await buildArticle({ section: a, title: 'Kiwi in A', body: 'kiwi', labels: ['fruit'] });
    await buildArticle({ section: b, title: 'Kiwi in B', body: 'kiwi', labels: ['bird'] });
    expect(titles(await search({ query: 'kiwi', sectionId: b.gid }))).toEqual(['Kiwi in B']);
    expect(titles(await search({ query: 'kiwi', label: 'FRUIT' }))).toEqual(['Kiwi in A']);
    (await gql(SearchDocument, { query: 'kiwi', sectionId: 'nope' })).expectErrorCode('BAD_USER_INPUT');
    // a cursor stays valid with a long label too (the longest any string argument may be)
    const longLabel = 'x'.repeat(DEFAULT_MAX_LENGTH);
    const page = await search({ query: 'kiwi', label: longLabel, first: 1 });
    expect(page.edges).toEqual([]);
    const all = await search({ query: 'kiwi', first: 1 });
    expect(all.pageInfo.hasNextPage).toBe(true);
    expect((await search({ query: 'kiwi', first: 1, after: all.pageInfo.endCursor })).edges).toHaveLength(1);
  });
});

describe('Query.search: pagination', () => {
  it('walks all hits in pages without duplicates or gaps, forwards and backwards', async () => {
    const section = await buildSection();
    for (let i = 0; i < 23; i++) {
      // a few rank levels, with ties inside each level
      const inTitle = i % 3 === 0;
      await buildArticle({
        section,
        title: inTitle ? `Lighthouse guide ${i}` : `Coastal guide ${i}`,
        body: `${'The lighthouse keeper. '.repeat(1 + (i % 2))}Entry ${i}.`,
      });
    }
    const seen: string[] = [];
    const ranks: number[] = [];
    let after: string | null | undefined = null;
    let pages = 0;
    for (;;) {
      const r: Hits = await search({ query: 'lighthouse', first: 5, after });
      expect(r.totalCount).toBe(23);
      seen.push(...r.edges.map((e) => e.node.id));
      ranks.push(...r.edges.map((e) => e.rank));
      pages++;
      if (!r.pageInfo.hasNextPage) break;
      after = r.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
    const [count] = await sql<{ n: number }>(`select count(*)::int as n from articles where section_id = $1`, [section.id]);
    expect(count.n).toBe(23);

    // backwards from the end gives the same order
    const back: string[] = [];
    let before: string | null | undefined = null;
    for (;;) {
      const r: Hits = await search({ query: 'lighthouse', last: 7, before });
      back.unshift(...r.edges.map((e) => e.node.id));
      if (!r.pageInfo.hasPreviousPage) break;
      before = r.pageInfo.startCursor;
    }
    expect(back).toEqual(seen);
  });

  it('paginates typo-tolerant hits and refuses cursors of another search', async () => {
    const section = await buildSection();
    for (let i = 0; i < 6; i++) await buildArticle({ section, title: `Marmalade recipe ${i}`, body: 'Oranges and sugar.' });
    const first = await search({ query: 'marmelade', first: 4 });
    expect(first.fuzzy).toBe(true);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search({ query: 'marmelade', first: 4, after: first.pageInfo.endCursor });
    expect(second.fuzzy).toBe(true);
    const ids = [...first.edges, ...second.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(first.totalCount);
    expect(ids.length).toBeGreaterThanOrEqual(6);

    (await gql(SearchDocument, { query: 'marmalade', after: first.pageInfo.endCursor })).expectErrorCode('BAD_USER_INPUT');
    (await gql(SearchDocument, { query: 'marmelade', after: 'not-a-cursor' })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('Query.search: input checks and hostile input', () => {
  it.each([[''], ['   '], ['\n\t'], ['x'.repeat(201)]])('refuses %j with BAD_USER_INPUT', async (query) => {
    const err = (await gql(SearchDocument, { query })).expectErrorCode('BAD_USER_INPUT');
    expect(err.extensions?.field).toBe('query');
  });

  it.each([[0], [101]])('refuses first: %i', async (first) => {
    (await gql(SearchDocument, { query: 'anything', first })).expectErrorCode('BAD_USER_INPUT');
  });

  const hostile = [
    "'",
    "''",
    '&|!:*()',
    '<script>alert(1)</script>',
    '"',
    '"unbalanced phrase',
    '-',
    '--',
    'or',
    'OR OR or',
    '- or -',
    'a:* & b | !c',
    'password:*',
    'passw:',
    '\\',
    "'; drop table articles; --",
    '((((((',
    '!!!!',
    '<->',
    'foo <-> bar',
    '\u0001\u0002 mark',
    '🦄 unicorn',
    'naïve café',
    '日本語',
    '$1',
    '%',
    '*',
    '(alert)',
    '('.repeat(200),
    `${'a'.repeat(199)}:`,
    '&lt;mark&gt;',
  ];

  it('refuses a NUL character like every string argument (graphql/input-rules.ts)', async () => {
    (await gql(SearchDocument, { query: 'x\u0000y', first: 10 })).expectErrorCode('BAD_USER_INPUT');
  });

  it('never fails on hostile queries and returns only safe snippets', async () => {
    await buildArticle({
      title: 'Script injection <script>alert(1)</script>',
      body: 'Try `<script>alert(1)</script>` and <img src=x onerror=alert(1)> and "quotes" & ampersands; password:* mark alert.',
    });
    const staff = await buildUser({ role: 'ADMIN' });
    for (const query of [...hostile, 'alert', 'script', 'img onerror', 'ampersand']) {
      for (const who of [null, staff]) {
        const res = await gql(SearchDocument, { query, first: 10 }, { as: who });
        expect(res.errors, `query ${JSON.stringify(query)}`).toEqual([]);
        for (const e of res.expectData().search.edges) expectSafeSnippet(e.snippet);
      }
    }
    const [hit] = (await search({ query: 'alert' })).edges;
    expect(hit.snippet).toContain('&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;');
    expect(hit.snippet).not.toMatch(/<(script|img)/i);
  });
});

describe('search helpers', () => {
  it('splits the word being typed from the finished ones', () => {
    expect(parseSearchQuery('reset passw')).toMatchObject({ complete: 'reset', prefix: 'passw', joiner: 'and' });
    expect(parseSearchQuery('reset passw ')).toMatchObject({ complete: 'reset passw', prefix: null });
    expect(parseSearchQuery('router OR passw')).toMatchObject({ complete: 'router', prefix: 'passw', joiner: 'or' });
    expect(parseSearchQuery('foo -bar')).toMatchObject({ complete: 'foo -bar', prefix: null });
    expect(parseSearchQuery('"open phrase')).toMatchObject({ prefix: null });
    expect(parseSearchQuery('"closed phrase" wor')).toMatchObject({ complete: '"closed phrase"', prefix: 'wor' });
    expect(parseSearchQuery('a')).toMatchObject({ complete: 'a', prefix: null, fuzzy: null });
    expect(parseSearchQuery('whale -blue or "x"')).toMatchObject({ fuzzy: 'whale x' });
  });

  it('escapes everything but the marks it adds', () => {
    expect(finishSnippet('a <b> & \u0001c\u0002 "d\u0001')).toBe('a &lt;b&gt; &amp; <mark>c</mark> &quot;d<mark></mark>');
    expect(finishSnippet('&amp; &lt; &#39; &l')).toBe('&amp; &lt; &#39; &amp;l');
  });
});
