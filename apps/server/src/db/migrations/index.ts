import { Foundation1764140000000 } from './1764140000000-Foundation.js';
import { ArticleSearch1764150000000 } from './1764150000000-ArticleSearch.js';
import { Comments1764160000000 } from './1764160000000-Comments.js';
import { Moderation1764170000000 } from './1764170000000-Moderation.js';
import { Notifications1764180000000 } from './1764180000000-Notifications.js';
import { CommentTopScoreIndex1764190000000 } from './1764190000000-CommentTopScoreIndex.js';
import { ArticleTopCommentCounters1764200000000 } from './1764200000000-ArticleTopCommentCounters.js';
import { CommentImagesAsLinks1764230000000 } from './1764230000000-CommentImagesAsLinks.js';
import { UnconfirmedEmail1764240000000 } from './1764240000000-UnconfirmedEmail.js';
import { SlugHistoryAndArticleRedirects1764250000000 } from './1764250000000-SlugHistoryAndArticleRedirects.js';
import { ArticleRevisionRestoredFrom1764260000000 } from './1764260000000-ArticleRevisionRestoredFrom.js';
import { AnswersAndModeratorTombstones1764270000000 } from './1764270000000-AnswersAndModeratorTombstones.js';
import { ModerationLogFilterIndexes1764280000000 } from './1764280000000-ModerationLogFilterIndexes.js';
import { SessionDetailsAndAuthorIndex1764290000000 } from './1764290000000-SessionDetailsAndAuthorIndex.js';
import { Mails1764310000000 } from './1764310000000-Mails.js';
import { AccountTokensAndEmailVerification1764320000000 } from './1764320000000-AccountTokensAndEmailVerification.js';
import { NotificationEmail1764330000000 } from './1764330000000-NotificationEmail.js';
import { UserIdentitiesAndOidcSignIns1764340000000 } from './1764340000000-UserIdentitiesAndOidcSignIns.js';
import { DomainEvents1764400000000 } from './1764400000000-DomainEvents.js';
import { DomainEventsWakeByPubSub1764400000001 } from './1764400000001-DomainEventsWakeByPubSub.js';
import { Webhooks1764410000000 } from './1764410000000-Webhooks.js';
import { ApiTokenScopes1764420000000 } from './1764420000000-ApiTokenScopes.js';
import { Insights1764470000000 } from './1764470000000-Insights.js';
import { Files1764460000000 } from './1764460000000-Files.js';
import { ZendeskImport1764450000000 } from './1764450000000-ZendeskImport.js';
import { SearchIndex1764480000000 } from './1764480000000-SearchIndex.js';

/** Listed explicitly (no glob): the same list runs under tsx, vitest and a bundle. */
export const migrations = [Foundation1764140000000, ArticleSearch1764150000000, Comments1764160000000, Moderation1764170000000, Notifications1764180000000, CommentTopScoreIndex1764190000000, ArticleTopCommentCounters1764200000000, CommentImagesAsLinks1764230000000, UnconfirmedEmail1764240000000, SlugHistoryAndArticleRedirects1764250000000, ArticleRevisionRestoredFrom1764260000000, AnswersAndModeratorTombstones1764270000000, ModerationLogFilterIndexes1764280000000, SessionDetailsAndAuthorIndex1764290000000, Mails1764310000000, AccountTokensAndEmailVerification1764320000000, NotificationEmail1764330000000, UserIdentitiesAndOidcSignIns1764340000000, DomainEvents1764400000000, DomainEventsWakeByPubSub1764400000001, Files1764460000000, ZendeskImport1764450000000, Insights1764470000000, Webhooks1764410000000, ApiTokenScopes1764420000000, SearchIndex1764480000000];
