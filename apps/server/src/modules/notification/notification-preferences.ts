import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { assertCanWrite } from '../user/user.policy.js';
import type { NotificationKind } from './notification.entity.js';

/** How often a person wants mail about one topic. */
export type EmailFrequency = 'INSTANTLY' | 'DAILY' | 'WEEKLY' | 'NEVER';
export const EMAIL_FREQUENCIES: readonly EmailFrequency[] = ['INSTANTLY', 'DAILY', 'WEEKLY', 'NEVER'];
/** What a mail is about: a preference each (the columns of notification_preferences). */
export type EmailTopic = 'replies' | 'follows' | 'moderation';
export const EMAIL_TOPICS: readonly EmailTopic[] = ['replies', 'follows', 'moderation'];

export type NotificationPreferences = Record<EmailTopic, EmailFrequency>;

/** Each topic as mails and the unsubscribe pages name it. */
export const TOPIC_NAMES: Record<EmailTopic, string> = {
  replies: 'replies to your comments',
  follows: 'comments on articles you follow',
  moderation: "moderators' decisions about your comments",
};

/** Without a row: replies and moderation decisions at once, followed articles in a daily digest. */
export const DEFAULT_PREFERENCES: Readonly<NotificationPreferences> = { replies: 'INSTANTLY', follows: 'DAILY', moderation: 'INSTANTLY' };

/** Replies and official answers are "replies to me"; new comments on followed articles are "follows". */
export function topicOf(kind: NotificationKind): EmailTopic {
  return kind === 'NEW_COMMENT' ? 'follows' : kind === 'MODERATION' ? 'moderation' : 'replies';
}

/** SQL: each topic's frequency of the user joined as `p` (left join notification_preferences p), defaults filled in. */
export const PREFERENCE_SELECT = EMAIL_TOPICS.map((t) => `coalesce(p.${t}, '${DEFAULT_PREFERENCES[t]}') as ${t}`).join(', ');

/** SQL: the frequency that applies to notification `n` for its recipient's preferences `p`. */
export const FREQUENCY_OF_NOTIFICATION = `case n.kind when 'NEW_COMMENT' then coalesce(p.follows, '${DEFAULT_PREFERENCES.follows}')
  when 'MODERATION' then coalesce(p.moderation, '${DEFAULT_PREFERENCES.moderation}') else coalesce(p.replies, '${DEFAULT_PREFERENCES.replies}') end`;

type Runner = Pick<Db, 'query'> | EntityManager;

/** The sole writer of notification_preferences. */
export class NotificationPreferencesService {
  constructor(private readonly db: Db) {}

  async get(userId: string, runner: Runner = this.db): Promise<NotificationPreferences> {
    const [row]: NotificationPreferences[] = await runner.query(
      `select ${PREFERENCE_SELECT} from (select $1::uuid as user_id) u left join notification_preferences p on p.user_id = u.user_id`,
      [userId],
    );
    return row;
  }

  /** The viewer changes some of their own preferences (the others stay). FORBIDDEN while suspended, like every write. */
  async update(viewer: Viewer | null, changes: Partial<Record<EmailTopic, EmailFrequency | null>>): Promise<NotificationPreferences> {
    assertCanWrite(viewer);
    for (const topic of EMAIL_TOPICS) {
      const v = changes[topic];
      if (v != null && !EMAIL_FREQUENCIES.includes(v)) throw new BadUserInputError(`Unknown frequency for ${topic}.`, { field: topic });
    }
    return inTransaction(this.db, (tx) => this.set(tx, viewer.id, changes));
  }

  /** The one-click unsubscribe: these topics to NEVER (a signed link stands for the user). */
  unsubscribe(userId: string, topics: readonly EmailTopic[]): Promise<NotificationPreferences> {
    return inTransaction(this.db, (tx) => this.set(tx, userId, Object.fromEntries(topics.map((t) => [t, 'NEVER']))));
  }

  private async set(tx: EntityManager, userId: string, changes: Partial<Record<EmailTopic, EmailFrequency | null>>): Promise<NotificationPreferences> {
    const current = await this.get(userId, tx);
    const next = Object.fromEntries(EMAIL_TOPICS.map((t) => [t, changes[t] ?? current[t]])) as NotificationPreferences;
    await tx.query(
      `insert into notification_preferences (user_id, replies, follows, moderation) values ($1, $2, $3, $4)
       on conflict (user_id) do update set replies = excluded.replies, follows = excluded.follows, moderation = excluded.moderation, updated_at = now()`,
      [userId, next.replies, next.follows, next.moderation],
    );
    return next;
  }
}
