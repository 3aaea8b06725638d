import DataLoader from 'dataloader';
import { readRows, type Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import type { ConnectionValue } from '../../graphql/connection.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import { CommentEntity } from './comment.entity.js';
import { firstProfileCommentsOf, profileCommentCounts } from './comment.profile.js';
import { firstRepliesOf, type CommentOrder, type CommentRow } from './comment.queries.js';

/**
 * A member's own PENDING/HIDDEN comments on an article: they count for them and nobody else
 * (in reply counts, not a hidden one kept as a placeholder: everyone counts that one).
 */
export interface OwnHidden {
  onArticle: number;
  /** Top-level ones. */
  topLevel: number;
  byParent: Map<string, number>;
}

export function createCommentLoaders(db: Db, viewer: Viewer | null, opts: LoaderOptions) {
  const replyLoaders = new Map<string, DataLoader<string, ConnectionValue<CommentRow> | null>>();
  const profileLoaders = new Map<number, DataLoader<string, ConnectionValue<CommentEntity> | null>>();
  return {
    /** Raw rows; callers apply the comment policy. */
    byId: createLoader<string, CommentEntity>(async (ids) => {
      const rows: CommentEntity[] = await readRows(
        db,
        `select ${selectColumns(db, CommentEntity, 'c')} from comments c where c.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),

    /** The viewer's vote per comment, for comments not fetched through a list. */
    viewerVote: createLoader<string, number>(async (ids) => {
      if (!viewer) return new Map();
      const rows: Array<{ commentId: string; value: number }> = await readRows(
        db,
        `select comment_id as "commentId", value from comment_votes where user_id = $1 and comment_id = any($2::uuid[])`,
        [viewer.id, ids],
      );
      return new Map(rows.map((r) => [r.commentId, r.value]));
    }, opts),

    /** First page of replies of many parents, one statement per (page size, order) and tree level. */
    firstReplies(first: number, order: CommentOrder) {
      const key = `${first}:${order}`;
      let loader = replyLoaders.get(key);
      if (!loader) {
        loader = createLoader((parentIds: readonly string[]) => firstRepliesOf(db, viewer, parentIds, first, order), opts);
        replyLoaders.set(key, loader);
      }
      return loader;
    },

    /** Public comments per author (profiles), see comment.profile.ts. */
    profileCount: createLoader<string, number>((authorIds) => profileCommentCounts(db, authorIds), opts, 0),

    /** First page of many authors' public comments, one statement per page size. */
    profileFirstPage(first: number) {
      let loader = profileLoaders.get(first);
      if (!loader) {
        loader = createLoader((authorIds: readonly string[]) => firstProfileCommentsOf(db, authorIds, first), opts);
        profileLoaders.set(first, loader);
      }
      return loader;
    },

    ownHidden: createLoader<string, OwnHidden>(async (articleIds) => {
      const out = new Map<string, OwnHidden>();
      if (!viewer || isStaff(viewer)) return out;
      const rows: Array<{ articleId: string; parentId: string | null; n: number; listed: number }> = await readRows(
        db,
        `select article_id as "articleId", parent_id as "parentId", count(*)::int as n,
           count(*) filter (where not tombstone)::int as listed from comments
         where author_id = $1 and status in ('PENDING', 'HIDDEN') and article_id = any($2::uuid[])
         group by article_id, parent_id`,
        [viewer.id, articleIds],
      );
      for (const r of rows) {
        let o = out.get(r.articleId);
        if (!o) out.set(r.articleId, (o = { onArticle: 0, topLevel: 0, byParent: new Map() }));
        o.onArticle += r.n;
        if (r.parentId) o.byParent.set(r.parentId, r.listed);
        else o.topLevel = r.listed;
      }
      return out;
    }, opts),
  };
}
