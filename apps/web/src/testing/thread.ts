import type { CommentItem_CommentFragment, CommentThread_ArticleFragment } from '@atrium/schema';

export const ARTICLE_ID = 'QXJ0aWNsZTox';

export type Viewer = { id: string; handle: string; displayName: string; role: 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN'; isStaff: boolean };

export const MEMBER: Viewer = { id: 'VXNlcjox', handle: 'ada', displayName: 'Ada Reader', role: 'MEMBER', isStaff: false };
export const MODERATOR: Viewer = { id: 'VXNlcjoy', handle: 'mo', displayName: 'Mo Derator', role: 'MODERATOR', isStaff: true };

/** The AppViewer answer for a viewer (null: anonymous). */
export function viewerResult(viewer: Viewer | null) {
  return {
    data: {
      viewer: viewer && { __typename: 'User', status: 'ACTIVE', suspendedUntil: null, ...viewer },
    },
  };
}

const emptyReplies = {
  __typename: 'CommentConnection',
  totalCount: 0,
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
  edges: [],
};

/** A comment as `CommentItem_comment` (plus `__typename`), by default a published one by Bea. */
type Author = { __typename?: 'User'; id: string; handle: string; displayName: string; isStaff: boolean };

/** A comment's author as the fragment selects it (e.g. the viewer as author of their own comment). */
export function author(u: Author) {
  return { __typename: 'User' as const, id: u.id, handle: u.handle, displayName: u.displayName, isStaff: u.isStaff };
}

export function commentNode(over: Omit<Partial<CommentItem_CommentFragment>, 'author'> & { id: string; author?: Author | null; acceptedAnswer?: object | null }) {
  return {
    __typename: 'Comment' as const,
    depth: 0,
    body: `Body of ${over.id}`,
    bodyHtml: `<p>Body of ${over.id}</p>`,
    status: 'PUBLISHED' as const,
    hideReason: null,
    isOfficial: false,
    isAcceptedAnswer: false,
    removedBy: null,
    viewerCanMarkAnswer: false,
    acceptedAnswer: null,
    score: 2,
    upvotes: 3,
    downvotes: 1,
    viewerVote: null,
    replyCount: 0,
    createdAt: '2026-11-20T10:00:00.000Z',
    editedAt: null,
    viewerCanEdit: false,
    viewerCanDelete: false,
    viewerCanModerate: false,
    author: { __typename: 'User' as const, id: 'VXNlcjoz', handle: 'bea', displayName: 'Bea Writer', isStaff: false },
    ...over,
  };
}

/** The ArticleCommentThread answer: the article's thread fields and top-level comments without replies. */
export function threadResult(comments: Array<ReturnType<typeof commentNode>>, article: Partial<CommentThread_ArticleFragment> = {}) {
  return {
    data: {
      article: {
        __typename: 'Article',
        id: ARTICLE_ID,
        status: 'PUBLISHED',
        commentCount: comments.length,
        commentsLocked: false,
        commentsLockReason: null,
        viewerCanComment: true,
        viewerCannotCommentReasons: [],
        ...article,
        comments: {
          __typename: 'CommentConnection',
          totalCount: comments.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: comments.length ? `c${comments.length}` : null },
          edges: comments.map((node, i) => ({ __typename: 'CommentEdge', cursor: `c${i + 1}`, node: { ...node, replies: emptyReplies } })),
        },
      },
    },
  };
}

/** A subscription that never sends anything (the thread's live events, in tests that don't need them). */
export const silent = () => new Promise<never>(() => {});
