import type { Db } from '../../db/data-source.js';
import type { EventName } from '../../events/catalog.js';
import { decodeCursor, type EventLog } from '../../events/event-log.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import type { PublicEventType } from '../webhook/webhook.events.js';
import { PUBLIC_SOURCE_EVENTS, SOURCES_OF, toPublicEvents } from '../webhook/webhook.public.js';

const CURSOR_PREFIX = 'changes:';
/** Events scanned per request at most (a narrow filter over a long stretch answers an empty page with endCursor further on). */
const MAX_SCAN = 5000;

export interface ChangeItem {
  id: string;
  cursor: string;
  type: PublicEventType;
  occurredAt: Date;
  articleUuid: string;
  commentUuid: string | null;
  sectionUuid: string;
}

export interface ChangePage {
  items: ChangeItem[];
  endCursor: string;
  hasNextPage: boolean;
}

export function encodeChangeCursor(eventCursor: string): string {
  return Buffer.from(CURSOR_PREFIX + eventCursor).toString('base64url');
}

function decodeChangeCursor(raw: string): string {
  const text = typeof raw === 'string' && raw.length <= 200 && /^[A-Za-z0-9_-]*$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const inner = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!decodeCursor(inner)) throw new BadUserInputError('The cursor is not valid for the change feed.', { field: 'after' });
  return inner;
}

/**
 * The change feed: the event log (events.readAfter: commit order, a cursor never passes an
 * event that commits later, stable across restarts) mapped to public change types. What the
 * viewer may see: anonymous readers and members get the changes an anonymous reader could see
 * now (toPublicEvents: a comment hidden since is left out); staff also get changes whose
 * subject is not public any more.
 */
export class ChangeFeed {
  constructor(
    private readonly db: Db,
    private readonly events: Pick<EventLog, 'readAfter'>,
    private readonly publicUrl: () => string,
  ) {}

  async page(viewer: Viewer | null, args: { first: number; after: string | null; types: PublicEventType[] | null; sectionId: string | null }): Promise<ChangePage> {
    let cursor = args.after ? decodeChangeCursor(args.after) : null;
    const sources: EventName[] = args.types?.length ? [...new Set(args.types.flatMap((t) => SOURCES_OF[t]))] : [...PUBLIC_SOURCE_EVENTS];
    const wanted = args.types?.length ? new Set(args.types) : null;
    const items: ChangeItem[] = [];
    let scanned = 0;
    let more = false;
    while (items.length < args.first && scanned < MAX_SCAN) {
      const limit = Math.min(1000, Math.max(100, (args.first - items.length) * 2));
      const page = await this.events.readAfter(cursor, { types: sources, limit });
      scanned += page.events.length;
      const visible = await toPublicEvents(this.db, page.events, this.publicUrl(), { includeNonPublic: isStaff(viewer) });
      let stoppedAt: string | null = null;
      for (const e of visible) {
        if (wanted && !wanted.has(e.type)) continue;
        if (args.sectionId && e.sectionId !== args.sectionId) continue;
        items.push({ id: e.eventId, cursor: e.cursor, type: e.type, occurredAt: e.occurredAt, articleUuid: e.articleId, commentUuid: e.commentId, sectionUuid: e.sectionId });
        if (items.length === args.first) {
          stoppedAt = e.cursor;
          break;
        }
      }
      if (stoppedAt) {
        // the page is full: continue right after its last change (later events of this batch come next time)
        cursor = stoppedAt;
        more = true;
        break;
      }
      cursor = page.cursor || cursor;
      if (page.events.length < limit) {
        more = page.heldBack;
        break;
      }
      more = true;
    }
    return { items, endCursor: encodeChangeCursor(cursor ?? '0.0'), hasNextPage: more };
  }
}

export function changeIds(item: ChangeItem) {
  return {
    articleId: toGlobalId('Article', item.articleUuid),
    commentId: item.commentUuid && toGlobalId('Comment', item.commentUuid),
    sectionId: toGlobalId('Section', item.sectionUuid),
  };
}
