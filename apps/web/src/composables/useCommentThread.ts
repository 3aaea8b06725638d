import type { ApolloCache, Reference } from '@apollo/client';
import {
  ArticleCommentEventsDocument,
  ArticleCommentThreadDocument,
  CommentItem_CommentFragmentDoc,
  CommentMoreRepliesDocument,
  CommentThread_NewCommentFragmentDoc,
  WebAddCommentDocument,
  WebDeleteCommentDocument,
  WebUpdateCommentDocument,
  WebVoteCommentDocument,
  WebApproveCommentDocument,
  WebFlagCommentDocument,
  WebHideCommentDocument,
  WebRejectCommentDocument,
  WebUnhideCommentDocument,
  type CommentAcceptedAnswer_CommentFragment,
  type CommentItem_CommentFragment,
  type FlagReason,
  type HideReason,
  type CommentOrder,
  type CommentReplies_ConnectionFragment,
  type VoteValue,
  type WebAddCommentMutation,
} from '@atrium/schema';
import { computed, inject, nextTick, provide, reactive, ref, toValue, type InjectionKey, type MaybeRefOrGetter, type Ref } from 'vue';
import { useApolloClient } from './apolloClient';
import { useQuery } from './useQuery';
import { useSubscription } from './useSubscription';
import { useViewer } from './useViewer';

/**
 * A comment as the thread renders it: the generated `CommentItem_comment` fields plus, down to
 * the depth the query reached, its loaded replies. Every generated nesting level of
 * `CommentThread_comment` is assignable to it, so one recursive component renders them all.
 */
export type ThreadComment = CommentItem_CommentFragment & {
  replies?: ThreadReplies;
  /** On a question (top level): its accepted answer, read only at the root of a thread. */
  acceptedAnswer?: CommentAcceptedAnswer_CommentFragment | null;
};
export type ThreadReplies = CommentReplies_ConnectionFragment & { edges: ReadonlyArray<{ cursor: string; node: ThreadComment }> };

export const COMMENT_ORDERS: Array<{ value: CommentOrder; label: string }> = [
  { value: 'BEST', label: 'Best' },
  { value: 'TOP', label: 'Top' },
  { value: 'NEW', label: 'Newest' },
  { value: 'OLD', label: 'Oldest' },
];

export const COMMENT_MAX_LENGTH = 10_000;
const PAGE_SIZE = 20;
const REPLIES_PAGE_SIZE = 10;

/** Unique by id, first occurrence kept (an inserted comment may come again on a later page). */
export function uniqueNodes<T extends { id: string }>(edges: ReadonlyArray<{ node: T }> | undefined): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const { node } of edges ?? []) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    out.push(node);
  }
  return out;
}

/** Plain text as the HTML the server would render for it, for optimistic previews only. */
export function previewHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

let tempIds = 0;

type EdgeRef = { __typename?: string; cursor: string; node: Reference };
type StoredConnection = { edges: EdgeRef[]; totalCount?: number; [k: string]: unknown };

/** Puts a comment (already written to the cache) at the top of every cached order of a list. */
function insertEdge(existing: StoredConnection, ref: Reference, where: 'top' | 'bottom', readId: (r: Reference) => unknown) {
  if (existing.edges.some((e) => readId(e.node) === readId(ref))) return existing;
  const edge: EdgeRef = { __typename: 'CommentEdge', cursor: '', node: ref };
  return {
    ...existing,
    edges: where === 'top' ? [edge, ...existing.edges] : [...existing.edges, edge],
    totalCount: (existing.totalCount ?? 0) + 1,
  };
}

/**
 * Adds a new comment to the lists on screen: a reply at the end of its parent's replies (they
 * read oldest first), a top-level comment at the top of the article's comments in every order,
 * so its author sees it where they are looking. Used by addComment and by live ADDED events.
 */
export function insertCommentIntoCache(
  cache: ApolloCache,
  comment: { id: string; parent: { id: string } | null; article: { id: string } },
  options: { topLevelAt?: (order: string) => 'top' | 'bottom' | null; repliesOrder?: CommentOrder } = {},
) {
  const ref = cache.identify({ __typename: 'Comment', id: comment.id });
  if (!ref) return;
  // A new comment has no replies; say so, or views reading its replies would see missing data
  // and refetch the whole thread.
  const variables = { repliesOrder: options.repliesOrder ?? 'OLD' };
  const hasReplies = cache.readFragment({ id: ref, fragment: CommentThread_NewCommentFragmentDoc, fragmentName: 'CommentThread_newComment', variables });
  if (!hasReplies) {
    cache.writeFragment({
      id: ref,
      fragment: CommentThread_NewCommentFragmentDoc,
      fragmentName: 'CommentThread_newComment',
      variables,
      data: {
        __typename: 'Comment',
        id: comment.id,
        acceptedAnswer: null,
        replies: { __typename: 'CommentConnection', totalCount: 0, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, edges: [] },
      } as never,
    });
  }
  const node = { __ref: ref } as Reference;
  if (comment.parent) {
    cache.modify({
      id: cache.identify({ __typename: 'Comment', id: comment.parent.id }),
      fields: {
        replies(value, { readField, storeFieldName }) {
          const existing = value as unknown as StoredConnection;
          if (!existing?.edges) return value;
          // newest-first replies get it on top; the other orders at the end, where the author looks
          const where = storeFieldName.includes('"orderBy":"NEW"') ? 'top' : 'bottom';
          return insertEdge(existing, node, where, (r) => readField('id', r)) as never;
        },
      },
    });
  } else {
    cache.modify({
      id: cache.identify({ __typename: 'Article', id: comment.article.id }),
      fields: {
        comments(value, { readField, storeFieldName }) {
          const existing = value as unknown as StoredConnection;
          if (!existing?.edges) return value;
          const order = /"orderBy":"(\w+)"/.exec(storeFieldName)?.[1] ?? 'BEST';
          const where = options.topLevelAt ? options.topLevelAt(order) : 'top';
          if (!where) return value;
          return insertEdge(existing, node, where, (r) => readField('id', r)) as never;
        },
      },
    });
  }
}

/** Drops a comment from the cache: every list that held it stops showing it (dangling refs are filtered). */
export function removeCommentFromCache(cache: ApolloCache, commentId: string) {
  cache.evict({ id: cache.identify({ __typename: 'Comment', id: commentId }) });
  cache.gc();
}

export interface CommentThreadContext {
  articleId: () => string;
  viewerId: () => string | null;
  /** The order replies are shown in (every level, and "Continue this thread"). */
  repliesOrder: () => CommentOrder;
  /** Ids of comments with a request in flight (votes, deletes), to disable their buttons. */
  busy: Record<string, boolean>;
  addComment(body: string, parentId?: string | null): Promise<WebAddCommentMutation['addComment']['comment']>;
  updateComment(comment: CommentItem_CommentFragment, body: string): Promise<void>;
  deleteComment(comment: CommentItem_CommentFragment): Promise<void>;
  vote(comment: CommentItem_CommentFragment, value: VoteValue | null): Promise<void>;
  loadMoreReplies(comment: { id: string }, after: string | null): Promise<void>;
  flag(comment: { id: string }, reason: FlagReason, note?: string): Promise<void>;
  moderate(comment: { id: string }, action: 'hide' | 'unhide' | 'approve' | 'reject', reason?: HideReason): Promise<void>;
}

const ThreadKey: InjectionKey<CommentThreadContext> = Symbol('CommentThread');

export function useCommentThreadContext(): CommentThreadContext {
  const ctx = inject(ThreadKey, null);
  if (!ctx) throw new Error('CommentItem must be rendered inside a CommentThread');
  return ctx;
}

/**
 * The article's comment thread: the query (with the order as a variable), "load more" for
 * comments and for any comment's replies, and the writes with optimistic responses. Provides
 * the actions to every CommentItem below (they nest to any depth).
 */
export function useCommentThread(
  articleId: MaybeRefOrGetter<string>,
  orderBy: Ref<CommentOrder>,
  options: { live?: boolean; repliesOrder?: Ref<CommentOrder> } = {},
) {
  const repliesOrder = options.repliesOrder ?? ref<CommentOrder>('OLD');
  const client = useApolloClient();
  const { viewer } = useViewer();
  const query = useQuery(
    ArticleCommentThreadDocument,
    () => ({ articleId: toValue(articleId), orderBy: orderBy.value, repliesOrder: repliesOrder.value, first: PAGE_SIZE }),
    // the article page's query brought the first page (CommentThread_comments): read from the
    // cache, a request only for another order or when the thread is shown alone
    { keepPreviousData: true, fetchPolicy: 'cache-first' },
  );
  const article = computed(() => query.data.value?.article ?? null);
  const comments = computed<ThreadComment[]>(() => uniqueNodes(article.value?.comments.edges));
  const busy = reactive<Record<string, boolean>>({});

  async function loadMore() {
    const info = article.value?.comments.pageInfo;
    if (!info?.hasNextPage || query.fetchingMore.value) return;
    await query.fetchMore({ variables: { after: info.endCursor } });
  }

  async function loadMoreReplies(comment: { id: string }, after: string | null) {
    // Written to the cache, where Comment.replies merges pages: the thread re-renders with them.
    const result = await client.query({
      query: CommentMoreRepliesDocument,
      variables: { commentId: comment.id, first: REPLIES_PAGE_SIZE, after, repliesOrder: repliesOrder.value },
      fetchPolicy: 'network-only',
    });
    if (result.error) throw result.error;
  }

  const addMutation = async (body: string, parentId?: string | null) => {
    const v = viewer.value;
    const now = new Date().toISOString();
    const parent = parentId
      ? client.cache.readFragment({
          id: client.cache.identify({ __typename: 'Comment', id: parentId }),
          fragment: CommentItem_CommentFragmentDoc,
          fragmentName: 'CommentItem_comment',
        })
      : null;
    const art = article.value;
    const optimistic = v
      ? {
          __typename: 'Mutation' as const,
          addComment: {
            __typename: 'CommentPayload' as const,
            comment: {
              __typename: 'Comment' as const,
              id: `temp-${++tempIds}`,
              depth: parent ? parent.depth + 1 : 0,
              body,
              bodyHtml: previewHtml(body),
              status: 'PUBLISHED' as const,
              hideReason: null,
              isOfficial: v.isStaff,
              isAcceptedAnswer: false,
              removedBy: null,
              viewerCanMarkAnswer: false,
              score: 0,
              upvotes: 0,
              downvotes: 0,
              viewerVote: null,
              replyCount: 0,
              createdAt: now,
              editedAt: null,
              viewerCanEdit: false,
              viewerCanDelete: false,
              viewerCanModerate: false,
              author: { __typename: 'User' as const, id: v.id, handle: v.handle, displayName: v.displayName, isStaff: v.isStaff },
              parent: parent ? { __typename: 'Comment' as const, id: parentId!, replyCount: parent.replyCount + 1 } : null,
              article: { __typename: 'Article' as const, id: toValue(articleId), commentCount: (art?.commentCount ?? 0) + 1 },
            },
          },
        }
      : undefined;
    const result = await client.mutate({
      mutation: WebAddCommentDocument,
      variables: { input: { articleId: toValue(articleId), body, parentId: parentId ?? undefined } },
      optimisticResponse: optimistic,
      update(cache, { data }) {
        const c = data?.addComment.comment;
        if (c) insertCommentIntoCache(cache, c, { repliesOrder: repliesOrder.value });
      },
    });
    if (result.error) throw result.error;
    return result.data!.addComment.comment;
  };

  const ctx: CommentThreadContext = {
    articleId: () => toValue(articleId),
    viewerId: () => viewer.value?.id ?? null,
    repliesOrder: () => repliesOrder.value,
    busy,
    addComment: addMutation,

    async updateComment(comment, body) {
      const result = await client.mutate({
        mutation: WebUpdateCommentDocument,
        variables: { input: { commentId: comment.id, body } },
        optimisticResponse: {
          __typename: 'Mutation',
          updateComment: {
            __typename: 'CommentPayload',
            comment: { ...withTypename(comment), body, bodyHtml: previewHtml(body), editedAt: new Date().toISOString() },
          },
        } as never,
      });
      if (result.error) throw result.error;
    },

    async deleteComment(comment) {
      busy[comment.id] = true;
      try {
        const result = await client.mutate({
          mutation: WebDeleteCommentDocument,
          variables: { input: { commentId: comment.id } },
          update(cache, { data }) {
            const c = data?.deleteComment.comment;
            // Without replies it is gone for everyone; with replies it stays as a tombstone.
            if (c && c.status === 'DELETED' && c.replyCount === 0) removeCommentFromCache(cache, c.id);
          },
        });
        if (result.error) throw result.error;
      } finally {
        delete busy[comment.id];
      }
    },

    async vote(comment, value) {
      const old = comment.viewerVote;
      const up = comment.upvotes - (old === 'UP' ? 1 : 0) + (value === 'UP' ? 1 : 0);
      const down = comment.downvotes - (old === 'DOWN' ? 1 : 0) + (value === 'DOWN' ? 1 : 0);
      busy[comment.id] = true;
      try {
        const result = await client.mutate({
          mutation: WebVoteCommentDocument,
          variables: { input: { commentId: comment.id, value } },
          optimisticResponse: {
            __typename: 'Mutation',
            voteComment: {
              __typename: 'CommentPayload',
              comment: { __typename: 'Comment', id: comment.id, upvotes: up, downvotes: down, score: up - down, viewerVote: value },
            },
          } as never,
        });
        if (result.error) throw result.error;
      } finally {
        delete busy[comment.id];
      }
    },

    loadMoreReplies,

    async flag(comment, reason, note) {
      const result = await client.mutate({
        mutation: WebFlagCommentDocument,
        variables: { input: { commentId: comment.id, reason, note: note || undefined } },
      });
      if (result.error) throw result.error;
    },

    async moderate(comment, action, reason) {
      busy[comment.id] = true;
      try {
        const input = { commentId: comment.id };
        const result =
          action === 'hide'
            ? await client.mutate({ mutation: WebHideCommentDocument, variables: { input: { ...input, reason: reason ?? 'OFF_TOPIC' } } })
            : action === 'unhide'
              ? await client.mutate({ mutation: WebUnhideCommentDocument, variables: { input } })
              : action === 'approve'
                ? await client.mutate({ mutation: WebApproveCommentDocument, variables: { input } })
                : await client.mutate({ mutation: WebRejectCommentDocument, variables: { input } });
        if (result.error) throw result.error;
      } finally {
        delete busy[comment.id];
      }
    },
  };
  provide(ThreadKey, ctx);

  // Live: Apollo writes every event's comment into the normalized cache, so UPDATED and VOTED
  // need nothing more. ADDED replies go into their parent's list; ADDED top-level comments go
  // to the top in NEW order, otherwise they wait behind a "N new comments" pill so the list
  // doesn't move under the reader. REMOVED ones leave every list.
  const newComments = ref<Array<{ id: string; parent: null; article: { id: string } }>>([]);
  const live = useSubscription(ArticleCommentEventsDocument, () => ({ articleId: toValue(articleId) }), {
    enabled: () => !!toValue(articleId) && typeof window !== 'undefined' && options.live !== false,
    onData({ commentEvents: { kind, comment } }) {
      const cache = client.cache;
      // a removed comment that keeps replies stays in place as a placeholder (already written to the cache)
      if (kind === 'REMOVED' && !(comment.removedBy && comment.replyCount > 0)) {
        newComments.value = newComments.value.filter((c) => c.id !== comment.id);
        keepScroll(() => removeCommentFromCache(cache, comment.id));
      } else if (kind === 'ADDED') {
        const own = comment.author && comment.author.id === viewer.value?.id;
        if (comment.parent || own) keepScroll(() => insertCommentIntoCache(cache, comment, { repliesOrder: repliesOrder.value }));
        else if (orderBy.value === 'NEW') {
          keepScroll(() =>
            insertCommentIntoCache(cache, comment, { topLevelAt: (o) => (o === 'NEW' ? 'top' : null), repliesOrder: repliesOrder.value }),
          );
        } else if (!newComments.value.some((c) => c.id === comment.id)) {
          newComments.value = [...newComments.value, { id: comment.id, parent: null, article: { id: comment.article.id } }];
        }
      }
    },
  });

  /** Puts the comments behind the pill at the top of the list; returns the first one's id. */
  function showNewComments(): string | null {
    const list = newComments.value;
    newComments.value = [];
    for (const c of list) insertCommentIntoCache(client.cache, c, { repliesOrder: repliesOrder.value });
    return list.length ? list[list.length - 1]!.id : null;
  }

  return { ...query, article, comments, loadMore, ctx, newComments, showNewComments, live };
}

function withTypename(comment: CommentItem_CommentFragment) {
  return {
    __typename: 'Comment',
    ...comment,
    author: comment.author ? { __typename: 'User', ...comment.author } : null,
  };
}

/**
 * Runs a change to the list and keeps the first comment on screen where it was: browsers with
 * CSS scroll anchoring (Chromium, Firefox) do it themselves; elsewhere we measure and correct.
 */
export function keepScroll(change: () => void) {
  if (typeof window === 'undefined' || typeof CSS === 'undefined' || CSS.supports?.('overflow-anchor: auto')) {
    change();
    return;
  }
  const header = document.querySelector('.app-header')?.getBoundingClientRect().bottom ?? 0;
  const anchor = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="comment"]')).find(
    (el) => el.getBoundingClientRect().bottom > header,
  );
  const before = anchor?.getBoundingClientRect().top;
  change();
  if (!anchor || before === undefined) return;
  void nextTick(() =>
    setTimeout(() => {
      if (!anchor.isConnected) return;
      const delta = anchor.getBoundingClientRect().top - before;
      if (delta !== 0) window.scrollBy(0, delta);
    }, 0),
  );
}
