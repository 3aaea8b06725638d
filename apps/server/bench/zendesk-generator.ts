import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface ExportSize {
  users: number;
  articles: number;
  /** Comments in all (spread evenly over the articles). */
  comments: number;
  /** Article votes in all (spread evenly; at most `users` per article). */
  articleVotes: number;
  /** Comment votes in all: `votesPerComment` each on the first comments of every article. */
  commentVotes: number;
  votesPerComment?: number;
  pageSize?: number;
}

const T0 = Date.UTC(2023, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const USER0 = 10_000_000_000;
const ARTICLE0 = 20_000_000_000;
const COMMENT0 = 30_000_000_000;
const VOTE0 = 40_000_000_000;
const SECTION0 = 50_000_000_000;
const CATEGORY0 = 60_000_000_000;

const PARAGRAPHS = [
  'Open the <strong>Settings</strong> page from the account menu and choose <em>Integrations</em>.',
  'If the sync does not start within five minutes, sign out and back in; the token is refreshed on sign-in.',
  'Exports include every field you can see in the list view, in the order of the columns.',
  'Admins can limit who sees a report with <a href="/hc/en-us/articles/20000000001-Permissions">permissions</a>.',
];

/** A body like the ones Zendesk Guide's editor writes: headings, lists, a table, code, an image. */
function articleBody(i: number): string {
  return `<h2>Overview</h2><p>${PARAGRAPHS[i % 4]}</p><p>${PARAGRAPHS[(i + 1) % 4]}</p>
<h3>Steps</h3><ol><li>Go to <strong>Admin → Channels</strong>.</li><li>Click <em>Add channel</em> and pick a type.</li><li>Save; the channel is live at once.</li></ol>
<table><thead><tr><th>Plan</th><th>Channels</th></tr></thead><tbody><tr><td>Team</td><td>${i % 7}</td></tr><tr><td>Growth</td><td>${(i % 7) * 3}</td></tr></tbody></table>
<pre><code>curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/channels/${i}</code></pre>
<p><img src="https://cdn.example.com/help/${i}/screenshot.png" alt="The channel list"></p>`;
}

/**
 * Streams a synthetic Zendesk export (the folder layout FolderSource reads) to `dir`, one
 * page at a time, so a large one never sits in memory: users (a tenth staff), 4 categories
 * of 5 sections, articles with real-looking bodies, comments, article and comment votes whose
 * totals match the articles' and comments' vote_sum/vote_count.
 */
export async function generateZendeskExport(dir: string, size: ExportSize): Promise<void> {
  const pageSize = size.pageSize ?? 100;
  const perComment = size.votesPerComment ?? 5;
  async function write(sub: string, key: string, count: number, item: (i: number) => unknown) {
    await fs.mkdir(path.join(dir, sub), { recursive: true });
    for (let start = 0, n = 1; start < count; start += pageSize, n++) {
      const items: unknown[] = [];
      for (let i = start; i < Math.min(count, start + pageSize); i++) items.push(item(i));
      const more = start + pageSize < count;
      await fs.writeFile(path.join(dir, sub, `${String(n).padStart(6, '0')}.json`), JSON.stringify({ [key]: items, meta: { has_more: more, after_cursor: more ? String(n) : null, before_cursor: null }, links: { next: null, prev: null } }));
    }
  }
  const staff = Math.max(1, Math.floor(size.users / 10));
  await write('users', 'users', size.users, (i) => ({
    id: USER0 + i, name: `Customer ${i}`, email: `customer${i}@example.com`, role: i === 0 ? 'admin' : i < staff ? 'agent' : 'end-user',
    created_at: iso(T0 + i * 1000), updated_at: iso(T0 + i * 1000),
  }));
  await write('categories', 'categories', 4, (i) => ({ id: CATEGORY0 + i, name: `Category ${i + 1}`, description: 'Guides and answers.', position: i, created_at: iso(T0), updated_at: iso(T0) }));
  await write('sections', 'sections', 20, (i) => ({ id: SECTION0 + i, category_id: CATEGORY0 + (i % 4), parent_section_id: null, name: `Section ${i + 1}`, description: '', position: Math.floor(i / 4), created_at: iso(T0), updated_at: iso(T0) }));
  const commentsPer = Math.floor(size.comments / size.articles);
  const votesPer = Math.min(size.users, Math.floor(size.articleVotes / size.articles));
  const votedCommentsPer = Math.min(commentsPer, Math.floor(size.commentVotes / perComment / size.articles));
  const voteValue = (a: number, b: number) => ((a * 7 + b * 3) % 4 === 0 ? -1 : 1);
  const articleVotesSum = (a: number) => {
    let s = 0;
    for (let j = 0; j < votesPer; j++) s += voteValue(a, j);
    return s;
  };
  await write('articles', 'articles', size.articles, (i) => ({
    id: ARTICLE0 + i, title: `How do I set up channel ${i}?`, body: articleBody(i), section_id: SECTION0 + (i % 20), author_id: USER0 + (i % staff),
    draft: i % 50 === 49, promoted: i % 100 === 0, position: Math.floor(i / 20), label_names: ['channels', `plan-${i % 3}`], comments_disabled: i % 40 === 39,
    vote_sum: articleVotesSum(i), vote_count: votesPer, locale: 'en-us', html_url: `https://acme.zendesk.com/hc/en-us/articles/${ARTICLE0 + i}`,
    created_at: iso(T0 + i * 60_000), updated_at: iso(T0 + i * 60_000 + 5000), edited_at: iso(T0 + i * 60_000 + 5000),
  }));
  for (let a = 0; a < size.articles; a++) {
    const articleId = ARTICLE0 + a;
    const commentId = (j: number) => COMMENT0 + a * commentsPer + j;
    await write(`articles/${articleId}/comments`, 'comments', commentsPer, (j) => {
      const voted = j < votedCommentsPer;
      let sum = 0;
      if (voted) for (let k = 0; k < perComment; k++) sum += voteValue(j, k);
      return {
        id: commentId(j), body: `<p>Question ${j} about channel ${a}: does this work with the <strong>Team</strong> plan?</p>`, author_id: USER0 + ((a * 31 + j * 17) % size.users),
        source_id: articleId, source_type: 'Article', locale: 'en-us', vote_sum: sum, vote_count: voted ? perComment : 0,
        created_at: iso(T0 + a * 60_000 + j * 1000 + 10_000), updated_at: iso(T0 + a * 60_000 + j * 1000 + 10_000),
      };
    });
    for (let j = 0; j < votedCommentsPer; j++) {
      await write(`articles/${articleId}/comments/${commentId(j)}/votes`, 'votes', perComment, (k) => ({
        id: VOTE0 + 500_000_000 + (a * commentsPer + j) * perComment + k, user_id: USER0 + ((a + j * 13 + k * 101) % size.users), value: voteValue(j, k),
        item_id: commentId(j), item_type: 'Comment', created_at: iso(T0 + 3_600_000), updated_at: iso(T0 + 3_600_000),
      }));
    }
    await write(`articles/${articleId}/votes`, 'votes', votesPer, (j) => ({
      id: VOTE0 + a * votesPer + j, user_id: USER0 + ((a * 7 + j) % size.users), value: voteValue(a, j), item_id: articleId, item_type: 'Article',
      created_at: iso(T0 + 7_200_000), updated_at: iso(T0 + 7_200_000),
    }));
  }
}
