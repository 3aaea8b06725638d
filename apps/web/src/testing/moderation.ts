import type { ModerationQueueItem_ItemFragment } from '@atrium/schema';

/** A queue item as `ModerationQueueItem_item` (with typenames): by default one open SPAM report. */
export function queueItem(id: string, over: Partial<ModerationQueueItem_ItemFragment> = {}) {
  return {
    __typename: 'ModerationQueueItem' as const,
    pending: false,
    flagCount: 1,
    reasons: ['SPAM' as const],
    flags: [
      {
        __typename: 'Flag' as const,
        id: `F-${id}`,
        reason: 'SPAM' as const,
        note: 'Link farm',
        status: 'OPEN' as const,
        createdAt: '2026-11-20T10:00:00.000Z',
        reporter: { __typename: 'User' as const, id: 'VXNlcjo3', handle: 'rita', displayName: 'Rita Reporter' },
      },
    ],
    comment: {
      __typename: 'Comment' as const,
      id,
      body: `Body of ${id}`,
      bodyHtml: `<p>Body of ${id}</p>`,
      status: 'PUBLISHED' as const,
      hideReason: null,
      depth: 0,
      createdAt: '2026-11-20T09:00:00.000Z',
      editedAt: null,
      author: { __typename: 'User' as const, id: 'VXNlcjoz', handle: 'bea', displayName: 'Bea Writer', status: 'ACTIVE' as const },
      article: { __typename: 'Article' as const, id: 'QXJ0aWNsZTox', slug: 'reset-password', title: 'Reset your password' },
    },
    ...over,
  };
}

/** The ModerationQueuePage answer for these items. */
export function queueResult(items: Array<ReturnType<typeof queueItem>>, hasNextPage = false) {
  return {
    data: {
      moderationQueue: {
        __typename: 'ModerationQueueConnection',
        totalCount: items.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: items.length ? `q${items.length}` : null },
        edges: items.map((node, i) => ({ __typename: 'ModerationQueueItemEdge', cursor: `q${i + 1}`, node })),
      },
    },
  };
}
