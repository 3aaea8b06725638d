import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { inTransaction } from '../../lib/tx.js';
import type { Services } from '../services.js';
import type { Role } from '../user/user.entity.js';
import type { ImportedComment, ImportedVote } from '../comment/comment.service.js';
import { absoluteUrl, htmlToMarkdown, originOf } from './zendesk.html.js';
import { download, type DownloadOptions } from './zendesk.download.js';
import type { FileService } from '../file/file.service.js';
import { zendeskIds, type Mapped, type MappedKind } from './zendesk.ids.js';
import type { PageResult, ZendeskSource } from './zendesk.source.js';
import { ZArticle, ZAttachment, ZCategory, ZComment, ZSection, ZUser, ZVote } from './zendesk.types.js';

export type ReportKind = 'users' | 'categories' | 'sections' | 'articles' | 'comments' | 'articleVotes' | 'commentVotes' | 'attachments';
export const REPORT_KINDS: ReportKind[] = ['users', 'categories', 'sections', 'articles', 'comments', 'articleVotes', 'commentVotes', 'attachments'];

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface Warning {
  kind: ReportKind | 'page';
  /** The Zendesk id of the item (or the page's path). */
  zendeskId: string;
  message: string;
}

export interface ImportReport {
  counts: Record<ReportKind, Counts>;
  warnings: Warning[];
  dryRun: boolean;
}

export interface ImportProgress {
  /** After each page: how far the run is. */
  update(state: { articlesSeen: number; articlesDone: number; counts: Record<ReportKind, Counts>; warnings: number }): void;
}

const ROLES: Record<string, Role> = { 'end-user': 'MEMBER', agent: 'AGENT', admin: 'ADMIN' };
const STAFF = new Set<Role>(['AGENT', 'MODERATOR', 'ADMIN']);
const FALLBACK_EMAIL = 'unknown-author@zendesk-import.invalid';
/** Comments, or votes, gathered before they are written in one transaction. */
const CHILD_BATCH = 2000;
const LABEL = /^[\p{L}\p{N} _.-]{1,40}$/u;

type ImportServices = Pick<Services, 'users' | 'categories' | 'articles' | 'comments' | 'feedback'> & { files?: Pick<FileService, 'store'> | null };

export interface ImportOptions {
  dryRun?: boolean;
  progress?: ImportProgress;
  /** Copy inline images and attachments from the old help center into the file store (default: when a file service is given). */
  copyAttachments?: boolean;
  /** How attachments are fetched: the API's credentials (sent to its origin only) and, for tests, private addresses allowed. */
  download?: Pick<DownloadOptions, 'authorization' | 'authOrigin' | 'alsoAllow'>;
}

// where Zendesk keeps article images and attachments (besides the help center's own origin)
const ZENDESK_FILE_HOST = /(^|\.)(zendesk\.com|zdusercontent\.com)$/i;

/** What a unit of work did, applied to the report and the in-memory maps only after it commits. */
interface Effects {
  count: Array<[ReportKind, keyof Counts, number]>;
  warn: Warning[];
  map: Array<{ kind: MappedKind; zendeskId: number; atriumId: string; updatedAt: number }>;
  after: Array<() => void>;
}
const noEffects = (): Effects => ({ count: [], warn: [], map: [], after: [] });

/**
 * Imports a Zendesk help center (#19). Every write goes through the owning service (users,
 * categories, articles, comments, feedback); this module writes only zendesk_ids. Each page
 * is one transaction with its id-map rows, so a run killed at any point leaves whole pages
 * behind, and the next run skips what was committed (same `updated_at`) and goes on. A page
 * that fails is retried item by item, each in its own transaction: a bad item becomes a
 * warning with its Zendesk id and the rest is imported.
 */
export class ZendeskImporter {
  private readonly maps = new Map<MappedKind, Map<number, Mapped>>();
  private readonly roles = new Map<string, Role>();
  private fallbackAuthor: string | null = null;
  private dryTx: EntityManager | null = null;
  /** Copied files by their old absolute URL (an image used by several articles is fetched once). */
  private readonly copied = new Map<string, string>();
  /** Articles written in this run (their attachments are copied; unchanged ones had theirs copied before). */
  private readonly importedNow = new Set<number>();
  private readonly notFoundUsers = new Set<number>();
  private articlesSeen = 0;
  private articlesDone = 0;
  readonly report: ImportReport;

  constructor(
    private readonly db: Db,
    private readonly services: ImportServices,
    private readonly source: ZendeskSource,
    private readonly opts: ImportOptions = {},
  ) {
    const counts = Object.fromEntries(REPORT_KINDS.map((k) => [k, { created: 0, updated: 0, unchanged: 0, skipped: 0 }])) as Record<ReportKind, Counts>;
    this.report = { counts, warnings: [], dryRun: !!opts.dryRun };
  }

  async run(): Promise<ImportReport> {
    if (!this.opts.dryRun) return this.runAll();
    // a dry run does everything in one transaction and rolls it back: the report is the real one
    await this.db
      .transaction(async (tx) => {
        this.dryTx = tx;
        await this.runAll();
        throw new DryRunDone();
      })
      .catch((e) => {
        if (!(e instanceof DryRunDone)) throw e;
      });
    this.dryTx = null;
    return this.report;
  }

  private async runAll(): Promise<ImportReport> {
    const q = this.dryTx ?? this.db;
    for (const kind of ['user', 'category', 'section', 'article'] as MappedKind[]) this.maps.set(kind, await zendeskIds.load(q, kind));
    // comments are many: their rows are read a page of articles at a time (importComments)
    this.maps.set('comment', new Map());
    const roles: Array<{ id: string; role: Role }> = await q.query(`select u.id, u.role from users u join zendesk_ids z on z.kind = 'user' and z.atrium_id = u.id`);
    for (const r of roles) this.roles.set(r.id, r.role);
    for await (const page of this.source.list('users')) await this.page(page, 'users', (items) => this.importUsers(items));
    for await (const page of this.source.list('categories')) await this.page(page, 'categories', (items) => this.importStructure('categories', items));
    for await (const page of this.source.list('sections')) await this.page(page, 'sections', (items) => this.importStructure('sections', items));
    for await (const page of this.source.list('articles')) {
      await this.page(page, 'articles', async (items) => {
        const articles = this.parse('articles', ZArticle, items);
        this.articlesSeen += articles.length;
        await this.ensureUsers(articles.map((a) => a.author_id));
        // images are fetched and stored before the articles' transaction (the file service has its own)
        const images = new Map<number, Map<string, string>>();
        for (const a of articles) if (!this.unchanged('article', a) && this.mapped('section', a.section_id)) images.set(a.id, await this.copyInlineImages(a));
        await this.unit('articles', articles, (tx, a, fx) => this.importArticle(tx, a, fx, images.get(a.id)));
        await this.importChildren(articles);
        this.articlesDone += articles.length;
      });
      this.progress();
    }
    return this.report;
  }

  private progress() {
    this.opts.progress?.update({ articlesSeen: this.articlesSeen, articlesDone: this.articlesDone, counts: this.report.counts, warnings: this.report.warnings.length });
  }

  private warn(kind: Warning['kind'], zendeskId: number | string, message: string) {
    this.report.warnings.push({ kind, zendeskId: String(zendeskId), message });
  }

  private async page(page: PageResult, kind: ReportKind, work: (items: unknown[]) => Promise<void>) {
    if ('error' in page) return this.warn('page', page.where, `${kind}: ${page.error}`);
    await work(page.items);
  }

  /** Items that parse; the others are warnings (with their id when they have one). */
  private parse<T>(kind: ReportKind, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, items: unknown[]): T[] {
    const out: T[] = [];
    for (const item of items) {
      const r = schema.safeParse(item);
      if (r.success) out.push(r.data);
      else {
        const issue = r.error.issues[0];
        this.warn(kind, String((item as { id?: unknown } | null)?.id ?? '?'), `not a valid item: ${issue?.path.join('.')} ${issue?.message}`);
        this.report.counts[kind].skipped++;
      }
    }
    return out;
  }

  /**
   * Runs `each` for every item in one transaction (the page); if any throws, each item again
   * in its own transaction, and the ones that still throw are skipped with a warning.
   */
  private unit<T extends { id: number }>(kind: ReportKind, items: T[], each: (tx: EntityManager, item: T, fx: Effects) => Promise<void>) {
    return this.unitBatch(kind, items, async (tx, batch, fx) => {
      for (const item of batch) await each(tx, item, fx);
    });
  }

  /** `unit` for a handler that writes a whole batch at once (retried with one item at a time). */
  private async unitBatch<T extends { id: number }>(kind: ReportKind, items: T[], write: (tx: EntityManager, batch: T[], fx: Effects) => Promise<void>) {
    if (!items.length) return;
    const run = async (batch: T[]) => {
      const fx = noEffects();
      await this.transaction(async (tx) => {
        await write(tx, batch, fx);
        await this.saveMap(tx, fx);
      });
      this.apply(fx);
    };
    try {
      await run(items);
    } catch {
      for (const item of items) {
        try {
          await run([item]);
        } catch (e) {
          this.warn(kind, item.id, `not imported: ${(e as Error).message}`);
          this.report.counts[kind].skipped++;
        }
      }
    }
  }

  private async transaction(work: (tx: EntityManager) => Promise<void>) {
    const dry = this.dryTx;
    if (!dry) return inTransaction(this.db, work);
    // in a dry run each unit is a savepoint of the one big transaction
    await dry.query('savepoint zendesk_unit');
    try {
      await work(dry);
      await dry.query('release savepoint zendesk_unit');
    } catch (e) {
      await dry.query('rollback to savepoint zendesk_unit');
      throw e;
    }
  }

  private async saveMap(tx: EntityManager, fx: Effects) {
    const byKind = new Map<MappedKind, Array<{ zendeskId: number; atriumId: string; updatedAt: Date }>>();
    for (const m of fx.map) {
      const list = byKind.get(m.kind) ?? [];
      list.push({ zendeskId: m.zendeskId, atriumId: m.atriumId, updatedAt: new Date(m.updatedAt) });
      byKind.set(m.kind, list);
    }
    for (const [kind, rows] of byKind) await zendeskIds.save(tx, kind, rows);
  }

  private apply(fx: Effects) {
    for (const [kind, field, n] of fx.count) this.report.counts[kind][field] += n;
    this.report.warnings.push(...fx.warn);
    for (const m of fx.map) this.maps.get(m.kind)!.set(m.zendeskId, { atriumId: m.atriumId, updatedAt: m.updatedAt });
    for (const f of fx.after) f();
  }

  private mapped(kind: MappedKind, zendeskId: number | null | undefined): Mapped | undefined {
    return zendeskId == null ? undefined : this.maps.get(kind)!.get(zendeskId);
  }

  private unchanged(kind: MappedKind, item: { id: number; updated_at: string }): Mapped | undefined {
    const m = this.mapped(kind, item.id);
    return m && m.updatedAt === Date.parse(item.updated_at) ? m : undefined;
  }

  // ---- users

  private async importUsers(items: unknown[]) {
    const users = this.parse('users', ZUser, items);
    await this.unitBatch('users', users, (tx, batch, fx) => this.importUserBatch(tx, batch, fx));
  }

  private async importUserBatch(tx: EntityManager, users: ZUser[], fx: Effects) {
    const todo: ZUser[] = [];
    for (const u of users) {
      if (this.unchanged('user', u)) fx.count.push(['users', 'unchanged', 1]);
      else if (!u.email) {
        fx.warn.push({ kind: 'users', zendeskId: String(u.id), message: 'no email address: the account could never be claimed; skipped (their items get the placeholder author)' });
        fx.count.push(['users', 'skipped', 1]);
      } else todo.push(u);
    }
    if (!todo.length) return;
    const results = await this.services.users.importUsers(
      tx,
      todo.map((u) => ({
        existingId: this.mapped('user', u.id)?.atriumId ?? null,
        displayName: u.name ?? u.email!.split('@')[0],
        email: u.email!,
        role: ROLES[u.role] ?? 'MEMBER',
        createdAt: new Date(u.created_at),
        updatedAt: new Date(u.updated_at),
      })),
    );
    results.forEach((r, i) => {
      const u = todo[i];
      if (r.outcome === 'linked') {
        fx.warn.push({ kind: 'users', zendeskId: String(u.id), message: 'an Atrium account already has this email address: linked to it (its name and role kept)' });
      }
      fx.count.push(['users', r.outcome === 'created' ? 'created' : 'updated', 1]);
      fx.map.push({ kind: 'user', zendeskId: u.id, atriumId: r.id, updatedAt: Date.parse(u.updated_at) });
      fx.after.push(() => this.roles.set(r.id, r.role));
    });
  }


  /** Live API: the users these ids name that are not imported yet, fetched with show_many and imported. */
  private async ensureUsers(ids: Array<number | null | undefined>) {
    if (!this.source.usersOnDemand) return;
    const missing = [...new Set(ids.filter((id): id is number => id != null && !this.mapped('user', id) && !this.notFoundUsers.has(id)))];
    if (!missing.length) return;
    // asked once: a user Zendesk does not have (deleted) is not asked for again on every page
    for (const id of missing) this.notFoundUsers.add(id);
    try {
      await this.importUsers(await this.source.showManyUsers(missing));
    } catch (e) {
      this.warn('users', missing.join(','), (e as Error).message);
    }
  }

  /** The Atrium user for a Zendesk user id; unknown ones get one placeholder author (with a warning). */
  private async author(tx: EntityManager, zendeskUserId: number | null | undefined, kind: ReportKind, itemId: number, fx: Effects): Promise<{ id: string; role: Role }> {
    const m = this.mapped('user', zendeskUserId);
    if (m) return { id: m.atriumId, role: this.roles.get(m.atriumId) ?? 'MEMBER' };
    fx.warn.push({ kind, zendeskId: String(itemId), message: `author ${zendeskUserId ?? '(none)'} is not among the imported users: written as "Unknown author"` });
    if (!this.fallbackAuthor) {
      // whole seconds, like Zendesk's times (an export and import again gives the same row)
      const now = new Date(Math.floor(Date.now() / 1000) * 1000);
      const r = await this.services.users.importUser(tx, null, { displayName: 'Unknown author', email: FALLBACK_EMAIL, role: 'MEMBER', createdAt: now, updatedAt: now });
      // not remembered until the transaction commits (a rolled-back page must not leave a dangling id)
      fx.after.push(() => (this.fallbackAuthor = r.id));
      return { id: r.id, role: 'MEMBER' };
    }
    return { id: this.fallbackAuthor, role: 'MEMBER' };
  }

  // ---- categories and sections

  private async importStructure(kind: 'categories' | 'sections', items: unknown[]) {
    if (kind === 'categories') {
      await this.unit(kind, this.parse(kind, ZCategory, items), async (tx, c, fx) => {
        if (this.unchanged('category', c)) return void fx.count.push([kind, 'unchanged', 1]);
        const existing = this.mapped('category', c.id);
        const r = await this.services.categories.importCategory(tx, existing?.atriumId ?? null, this.structure(kind, c, fx));
        fx.count.push([kind, r.created ? 'created' : 'updated', 1]);
        fx.map.push({ kind: 'category', zendeskId: c.id, atriumId: r.id, updatedAt: Date.parse(c.updated_at) });
      });
      return;
    }
    await this.unit(kind, this.parse(kind, ZSection, items), async (tx, s, fx) => {
      if (this.unchanged('section', s)) return void fx.count.push([kind, 'unchanged', 1]);
      const category = this.mapped('category', s.category_id);
      if (!category) {
        fx.warn.push({ kind, zendeskId: String(s.id), message: `its category ${s.category_id} was not imported: skipped` });
        return void fx.count.push([kind, 'skipped', 1]);
      }
      if (s.parent_section_id != null) {
        fx.warn.push({ kind, zendeskId: String(s.id), message: `nested in section ${s.parent_section_id}: flattened into its category (Atrium has one level of sections)` });
      }
      const existing = this.mapped('section', s.id);
      const r = await this.services.categories.importSection(tx, existing?.atriumId ?? null, { ...this.structure(kind, s, fx), categoryId: category.atriumId });
      fx.count.push([kind, r.created ? 'created' : 'updated', 1]);
      fx.map.push({ kind: 'section', zendeskId: s.id, atriumId: r.id, updatedAt: Date.parse(s.updated_at) });
    });
  }

  private structure(kind: ReportKind, c: ZCategory, fx: Effects) {
    let description = c.description ? htmlToMarkdown(c.description, null).markdown : null;
    if (description && description.length > 500) {
      fx.warn.push({ kind, zendeskId: String(c.id), message: 'description longer than 500 characters: cut' });
      description = `${description.slice(0, 499)}…`;
    }
    let name = c.name.trim();
    if (name.length > 100) {
      fx.warn.push({ kind, zendeskId: String(c.id), message: 'name longer than 100 characters: cut' });
      name = `${name.slice(0, 99)}…`;
    }
    return { name, description, position: c.position, createdAt: new Date(c.created_at) };
  }

  // ---- articles

  private async importArticle(tx: EntityManager, a: ZArticle, fx: Effects, images: Map<string, string> = new Map()) {
    if (this.unchanged('article', a)) return void fx.count.push(['articles', 'unchanged', 1]);
    const section = this.mapped('section', a.section_id);
    if (!section) {
      fx.warn.push({ kind: 'articles', zendeskId: String(a.id), message: `its section ${a.section_id} was not imported: skipped (with its comments and votes)` });
      return void fx.count.push(['articles', 'skipped', 1]);
    }
    const author = await this.author(tx, a.author_id, 'articles', a.id, fx);
    const converted = htmlToMarkdown(a.body ?? '', originOf(a.html_url), images);
    if (converted.removedActiveContent) fx.warn.push({ kind: 'articles', zendeskId: String(a.id), message: 'the body had scripts, frames or event handlers: removed' });
    const labels = [...new Set(a.label_names.map((l) => l.trim().toLowerCase()))].filter((l) => LABEL.test(l));
    if (labels.length !== a.label_names.length || labels.length > 10) {
      fx.warn.push({ kind: 'articles', zendeskId: String(a.id), message: `labels kept: ${labels.slice(0, 10).join(', ') || '(none)'} (at most 10, each 1..40 letters, digits, spaces, _ . -)` });
    }
    let title = a.title.trim() || `Article ${a.id}`;
    if (title.length > 200) {
      fx.warn.push({ kind: 'articles', zendeskId: String(a.id), message: 'title longer than 200 characters: cut' });
      title = `${title.slice(0, 199)}…`;
    }
    const helpful = (a.vote_count + a.vote_sum) / 2;
    const helpfulCount = Number.isInteger(helpful) && helpful >= 0 && helpful <= a.vote_count ? helpful : 0;
    if (helpfulCount !== helpful) fx.warn.push({ kind: 'articles', zendeskId: String(a.id), message: `vote_sum ${a.vote_sum} does not fit vote_count ${a.vote_count}: no helpful votes counted` });
    const existing = this.mapped('article', a.id);
    const r = await this.services.articles.importArticle(tx, existing?.atriumId ?? null, {
      sectionId: section.atriumId,
      authorId: author.id,
      title,
      body: converted.markdown || '_(empty in Zendesk)_',
      status: a.draft ? 'DRAFT' : 'PUBLISHED',
      labels: labels.slice(0, 10),
      promoted: a.promoted,
      position: Math.max(0, Math.min(1_000_000, a.position)),
      commentsLocked: a.comments_disabled,
      lockReason: a.comments_disabled ? 'Comments were closed in the previous help center.' : null,
      helpfulCount,
      voteCount: a.vote_count,
      createdAt: new Date(a.created_at),
      updatedAt: new Date(a.edited_at ?? a.updated_at),
      publishedAt: a.draft ? null : new Date(a.created_at),
    });
    fx.count.push(['articles', r.created ? 'created' : 'updated', 1]);
    fx.map.push({ kind: 'article', zendeskId: a.id, atriumId: r.id, updatedAt: Date.parse(a.updated_at) });
    fx.after.push(() => this.importedNow.add(a.id));
  }

  private get copying(): boolean {
    return !!this.services.files && this.opts.copyAttachments !== false;
  }

  private copyable(url: string, origin: string | null): boolean {
    try {
      const u = new URL(url);
      return u.origin === origin || u.origin === this.opts.download?.authOrigin || ZENDESK_FILE_HOST.test(u.hostname);
    } catch {
      return false;
    }
  }

  /**
   * Copies a file of the old help center into the file store; null (and a warning with the
   * item's id) when it cannot be fetched: the body keeps the old address then.
   */
  private async copyFile(url: string, kind: ReportKind, itemId: number, store: { uploaderId: string | null; purpose: 'ARTICLE_BODY' | 'ARTICLE_ATTACHMENT'; articleId?: string; filename?: string }): Promise<string | null> {
    const key = `${store.purpose}:${store.articleId ?? ''}:${url}`;
    const known = this.copied.get(key);
    if (known) return known;
    const got = await download(url, this.opts.download ?? {});
    if (!got.ok) {
      this.warn(kind, itemId, `file ${url} could not be copied (${got.error}); the old address is kept`);
      this.report.counts.attachments.skipped++;
      return null;
    }
    if (this.opts.dryRun) {
      got.body.resume();
      this.report.counts.attachments.created++;
      return null;
    }
    const filename = store.filename ?? (decodeURIComponent(new URL(url).pathname.split('/').pop() || 'file') || 'file');
    try {
      const file = await this.services.files!.store({ stream: got.body, filename, declaredType: got.contentType, uploaderId: store.uploaderId, purpose: store.purpose, articleId: store.articleId ?? null });
      this.report.counts.attachments.created++;
      this.copied.set(key, file.url);
      return file.url;
    } catch (e) {
      got.body.destroy();
      this.warn(kind, itemId, `file ${url} was not stored (${(e as Error).message}); the old address is kept`);
      this.report.counts.attachments.skipped++;
      return null;
    }
  }

  /** The article's images on the old help center, copied: old absolute URL → new URL. */
  private async copyInlineImages(a: ZArticle): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!this.copying || !a.body) return out;
    const origin = originOf(a.html_url) ?? this.opts.download?.authOrigin ?? null;
    const refs = [...a.body.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => m[1] ?? m[2]);
    const links = [...a.body.matchAll(/<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => m[1] ?? m[2]).filter((h) => /\/article_attachments\//.test(h));
    for (const ref of new Set([...refs, ...links])) {
      const url = absoluteUrl(ref.replace(/&amp;/g, '&'), origin);
      if (!url || out.has(url) || !this.copyable(url, origin)) continue;
      const copied = await this.copyFile(url, 'articles', a.id, { uploaderId: this.mapped('user', a.author_id)?.atriumId ?? null, purpose: 'ARTICLE_BODY' });
      if (copied) out.set(url, copied);
    }
    return out;
  }

  /** Attachments that are not in the body (the API's `inline: false` ones): listed under the article. */
  private async copyAttachments(a: ZArticle, articleId: string) {
    if (!this.copying) return;
    const origin = originOf(a.html_url) ?? this.opts.download?.authOrigin ?? null;
    for await (const page of this.source.attachments(a.id)) {
      await this.page(page, 'attachments', async (items) => {
        for (const att of this.parse('attachments', ZAttachment, items)) {
          if (att.inline) continue; // in the body: copied with the images
          const url = absoluteUrl(att.content_url, origin);
          if (!url || !this.copyable(url, origin)) {
            this.warn('attachments', att.id, `content_url ${att.content_url} is not on the help center's host: not copied`);
            this.report.counts.attachments.skipped++;
            continue;
          }
          await this.copyFile(url, 'attachments', att.id, { uploaderId: this.mapped('user', a.author_id)?.atriumId ?? null, purpose: 'ARTICLE_ATTACHMENT', articleId, filename: att.file_name });
        }
      });
    }
  }

  /**
   * The comments and votes of a page of articles, gathered and written in a few statements
   * (comments, then their votes and the articles' votes), each group one transaction; at most
   * CHILD_BATCH items are held at a time.
   */
  private async importChildren(articles: ZArticle[]) {
    const done: Array<{ a: ZArticle; articleId: string; voted: ZComment[] }> = [];
    let comments: Array<{ articleId: string; c: ZComment }> = [];
    const flushComments = async () => {
      await this.importComments(comments);
      comments = [];
    };
    for (const a of articles) {
      const article = this.mapped('article', a.id);
      if (!article) continue; // skipped above, with its warning
      if (this.importedNow.has(a.id)) await this.copyAttachments(a, article.atriumId);
      const entry = { a, articleId: article.atriumId, voted: [] as ZComment[] };
      done.push(entry);
      for await (const page of this.source.comments(a.id)) {
        await this.page(page, 'comments', async (items) => {
          const parsed = this.parse('comments', ZComment, items);
          await this.ensureUsers(parsed.map((c) => c.author_id));
          for (const c of parsed) {
            comments.push({ articleId: article.atriumId, c });
            if (c.vote_count > 0) entry.voted.push(c);
          }
          if (comments.length >= CHILD_BATCH) await flushComments();
        });
      }
    }
    await flushComments();
    let articleVotes: ImportedVote[] = [];
    let commentVotes: ImportedVote[] = [];
    const flushVotes = async () => {
      await this.writeVotes(articleVotes, commentVotes);
      articleVotes = [];
      commentVotes = [];
    };
    for (const { a, articleId, voted } of done) {
      for (const c of voted) {
        const mapped = this.mapped('comment', c.id);
        if (!mapped) continue; // not imported, with its warning
        for await (const vp of this.source.commentVotes(a.id, c.id)) await this.page(vp, 'commentVotes', (v) => this.collectVotes('commentVotes', c.id, mapped.atriumId, v, commentVotes));
      }
      if (a.vote_count > 0) {
        for await (const page of this.source.articleVotes(a.id)) await this.page(page, 'articleVotes', (v) => this.collectVotes('articleVotes', a.id, articleId, v, articleVotes));
      }
      if (articleVotes.length + commentVotes.length >= CHILD_BATCH) await flushVotes();
    }
    await flushVotes();
    this.maps.get('comment')!.clear(); // memory stays bounded by one page of articles
  }


  // ---- comments

  private async importComments(comments: Array<{ articleId: string; c: ZComment }>) {
    const map = this.maps.get('comment')!;
    for (const [id, m] of await zendeskIds.loadSome(this.dryTx ?? this.db, 'comment', comments.map(({ c }) => c.id))) map.set(id, m);
    const todo: Array<{ articleId: string; c: ZComment }> = [];
    for (const item of comments) {
      if (this.unchanged('comment', item.c)) this.report.counts.comments.unchanged++;
      else todo.push(item);
    }
    const write = async (batch: Array<{ articleId: string; c: ZComment }>) => {
      const fx = noEffects();
      await this.transaction(async (tx) => {
        const items: ImportedComment[] = [];
        for (const { articleId, c } of batch) {
          const author = await this.author(tx, c.author_id, 'comments', c.id, fx);
          const converted = htmlToMarkdown(c.body, null);
          if (converted.removedActiveContent) fx.warn.push({ kind: 'comments', zendeskId: String(c.id), message: 'the body had scripts, frames or event handlers: removed' });
          const up = (c.vote_count + c.vote_sum) / 2;
          const fits = Number.isInteger(up) && up >= 0 && up <= c.vote_count;
          items.push({
            existingId: this.mapped('comment', c.id)?.atriumId ?? null,
            articleId,
            authorId: author.id,
            body: converted.markdown,
            // a comment by support staff is an official answer (Comment.isOfficial), as when staff comment here
            isOfficial: STAFF.has(author.role),
            upvotes: fits ? up : 0,
            downvotes: fits ? c.vote_count - up : 0,
            createdAt: new Date(c.created_at),
            updatedAt: new Date(c.updated_at),
            editedAt: c.updated_at !== c.created_at ? new Date(c.updated_at) : null,
          });
        }
        const results = await this.services.comments.importComments(tx, items);
        results.forEach((r, i) => {
          const { c } = batch[i];
          if ('error' in r) {
            fx.warn.push({ kind: 'comments', zendeskId: String(c.id), message: `not imported: ${r.error}` });
            fx.count.push(['comments', 'skipped', 1]);
          } else {
            fx.count.push(['comments', r.created ? 'created' : 'updated', 1]);
            fx.map.push({ kind: 'comment', zendeskId: c.id, atriumId: r.id, updatedAt: Date.parse(c.updated_at) });
          }
        });
        await this.saveMap(tx, fx);
      });
      this.apply(fx);
    };
    if (!todo.length) return;
    try {
      await write(todo);
    } catch {
      for (const item of todo) {
        try {
          await write([item]);
        } catch (e) {
          this.warn('comments', item.c.id, `not imported: ${(e as Error).message}`);
          this.report.counts.comments.skipped++;
        }
      }
    }
  }

  // ---- votes

  /** The votes of one page that can be imported, added to `rows` (the others are warnings). */
  private async collectVotes(kind: 'articleVotes' | 'commentVotes', itemZendeskId: number, itemId: string, items: unknown[], rows: ImportedVote[]) {
    const votes = this.parse(kind, ZVote, items);
    await this.ensureUsers(votes.map((v) => v.user_id));
    const seen = new Set(rows.filter((r) => r.itemId === itemId).map((r) => r.userId));
    for (const v of votes) {
      const user = this.mapped('user', v.user_id);
      if (v.item_id !== itemZendeskId) {
        this.warn(kind, v.id, `listed under item ${itemZendeskId} but names item ${v.item_id}: skipped`);
        this.report.counts[kind].skipped++;
      } else if (!user) {
        this.warn(kind, v.id, `by user ${v.user_id}, who is not among the imported users: skipped`);
        this.report.counts[kind].skipped++;
      } else if (seen.has(user.atriumId)) {
        this.warn(kind, v.id, `a second vote of user ${v.user_id} on item ${itemZendeskId}: skipped`);
        this.report.counts[kind].skipped++;
      } else {
        seen.add(user.atriumId);
        rows.push({ itemId, userId: user.atriumId, value: v.value, createdAt: new Date(v.created_at), updatedAt: new Date(v.updated_at) });
      }
    }
  }

  /** Article and comment votes in one transaction (each kind one statement). */
  private async writeVotes(articleVotes: ImportedVote[], commentVotes: ImportedVote[]) {
    if (!articleVotes.length && !commentVotes.length) return;
    const none = { created: 0, updated: 0, unchanged: 0 };
    let a = none;
    let c = none;
    await this.transaction(async (tx) => {
      a = await this.services.feedback.importVotes(tx, articleVotes);
      c = await this.services.comments.importCommentVotes(tx, commentVotes);
    });
    for (const f of ['created', 'updated', 'unchanged'] as const) {
      this.report.counts.articleVotes[f] += a[f];
      this.report.counts.commentVotes[f] += c[f];
    }
  }
}

class DryRunDone extends Error {}
