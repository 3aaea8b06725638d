import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { ArticleFeedbackReasonEnum } from '../article-feedback/article-feedback.type.js';
import { Article } from '../article/article.type.js';
import { User } from '../user/user.type.js';

export enum AttentionReasonEnum {
  HELPFULNESS_FELL = 'HELPFULNESS_FELL',
  OUTDATED = 'OUTDATED',
  UNANSWERED_QUESTIONS = 'UNANSWERED_QUESTIONS',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  NO_RESULT_SEARCH = 'NO_RESULT_SEARCH',
}
registerEnumType(AttentionReasonEnum, {
  name: 'AttentionReason',
  description: 'Why an article or a search is in the attention queue.',
  valuesConfig: {
    HELPFULNESS_FELL: { description: 'The share of "helpful" votes fell between the two latest windows (INSIGHTS_HELPFULNESS_WEEKS each, enough votes in both) since the latest revision.' },
    OUTDATED: { description: 'Readers said it is outdated (INSIGHTS_OUTDATED_VOTES or more since the latest revision).' },
    UNANSWERED_QUESTIONS: { description: 'Members asked in its comments and nobody on staff answered for INSIGHTS_UNANSWERED_HOURS.' },
    REVIEW_OVERDUE: { description: 'Its review is overdue (last review or publication plus the review interval).' },
    NO_RESULT_SEARCH: { description: 'A search found nothing INSIGHTS_NO_RESULT_SEARCHES times or more in 30 days, and still finds nothing.' },
  },
});

export enum AttentionItemKindEnum {
  ARTICLE = 'ARTICLE',
  SEARCH = 'SEARCH',
}
registerEnumType(AttentionItemKindEnum, {
  name: 'AttentionItemKind',
  description: 'What an attention item is about.',
  valuesConfig: { ARTICLE: { description: 'An article.' }, SEARCH: { description: 'A search query that finds nothing.' } },
});

@InputType('InsightsPeriodInput', { description: 'Days to report on, UTC, both inclusive, at most 366 days.' })
export class InsightsPeriodInput {
  @Field(() => String, { description: 'The first day, YYYY-MM-DD.' })
  from!: string;
  @Field(() => String, { description: 'The last day, YYYY-MM-DD.' })
  to!: string;
}

@ObjectType('InsightsPeriod', { simpleResolvers: true, description: 'The days a report covers, UTC, both inclusive.' })
export class InsightsPeriod {
  @Field(() => String, { description: 'The first day, YYYY-MM-DD.' })
  from!: string;
  @Field(() => String, { description: 'The last day, YYYY-MM-DD.' })
  to!: string;
}

@ObjectType('InsightsDayCount', { simpleResolvers: true, description: 'A count for one day.' })
export class InsightsDayCount {
  @Field(() => String, { description: 'The day, YYYY-MM-DD (UTC).' })
  day!: string;
  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType('InsightsWeekHelpfulness', { simpleResolvers: true, description: 'Votes of one week (weeks start on Monday, UTC).' })
export class InsightsWeekHelpfulness {
  @Field(() => String, { description: 'The Monday the week starts on, YYYY-MM-DD.' })
  week!: string;
  @Field(() => Int, { description: 'Votes cast that week (a changed vote counts again).' })
  votes!: number;
  @Field(() => Int, { description: 'Of them, "helpful".' })
  helpful!: number;
  @Field(() => Float, { nullable: true, description: 'helpful / votes, between 0 and 1; null without votes.' })
  ratio!: number | null;
}

@ObjectType('InsightsReasonCount', { simpleResolvers: true, description: '"Not helpful" votes with one reason.' })
export class InsightsReasonCount {
  @Field(() => ArticleFeedbackReasonEnum, { description: 'The reason readers gave.' })
  reason!: ArticleFeedbackReasonEnum;
  @Field(() => Int, { description: 'How many votes gave it.' })
  count!: number;
}

@ObjectType('SearchQueryStat', { simpleResolvers: true, description: 'One normalized search query over a period.' })
export class SearchQueryStat {
  @Field(() => String, { description: 'The query, normalized (lower case, single spaces).' })
  query!: string;
  @Field(() => Int, { description: 'Times it was searched (first pages only).' })
  searches!: number;
  @Field(() => Int, { description: 'Times it found nothing.' })
  noResultSearches!: number;
  @Field(() => Int, { description: 'Times a reader opened one of its results.' })
  opened!: number;
  @Field(() => Int, { description: 'Results the latest search found.' })
  lastResultCount!: number;
}

@ObjectType('UnansweredQuestion', { description: 'A member’s top-level comment with no staff reply and no accepted answer after INSIGHTS_UNANSWERED_HOURS.' })
export class UnansweredQuestion {
  @Field(() => ID, { description: 'The global id of the comment.' })
  commentId!: string;
  @Field(() => Article, { nullable: true, description: 'The article it was asked on.' })
  article!: Article | null;
  @Field(() => String, { description: 'Its first 200 characters (Markdown source).' })
  excerpt!: string;
  @Field(() => Date, { description: 'When it was asked.' })
  askedAt!: Date;
}

@ObjectType('ArticleInsightsRow', { description: 'One article’s views and votes over a period (the dashboard’s most read articles).' })
export class ArticleInsightsRow {
  @Field(() => Article, { nullable: true, description: 'The article.' })
  article!: Article | null;
  @Field(() => Int, { description: 'Views in the period (one per reader and day, bots left out).' })
  views!: number;
  @Field(() => Int, { description: 'Votes cast in the period.' })
  votes!: number;
  @Field(() => Int, { description: 'Of them, "helpful".' })
  helpful!: number;
}

@ObjectType('AttentionReasonDetail', { simpleResolvers: true, description: 'One reason an item is in the attention queue.' })
export class AttentionReasonDetail {
  @Field(() => AttentionReasonEnum, { description: 'Which reason.' })
  kind!: AttentionReasonEnum;
  @Field(() => String, { description: 'The reason in words, e.g. "Helpfulness fell from 80 % to 45 % over 4 weeks (40 votes)".' })
  message!: string;
  @Field(() => Int, { description: 'HELPFULNESS_FELL: votes in both windows; OUTDATED: readers; UNANSWERED_QUESTIONS: questions; REVIEW_OVERDUE: days; NO_RESULT_SEARCH: searches.' })
  count!: number;
  @Field(() => Int, { nullable: true, description: 'HELPFULNESS_FELL: the earlier window’s helpful share in percent.' })
  fromPercent!: number | null;
  @Field(() => Int, { nullable: true, description: 'HELPFULNESS_FELL: the latest window’s helpful share in percent.' })
  toPercent!: number | null;
  @Field(() => Int, { nullable: true, description: 'HELPFULNESS_FELL: the length of each window in weeks.' })
  weeks!: number | null;
}

@ObjectType('AttentionItem', { description: 'An article or a failed search that needs staff attention, with its reasons (staff only).' })
export class AttentionItem {
  @Field(() => ID, { description: 'The opaque id of the item (for assign and snooze).' })
  id!: string;
  @Field(() => AttentionItemKindEnum, { description: 'Whether the item is an article or a search.' })
  kind!: AttentionItemKindEnum;
  @Field(() => Article, { nullable: true, description: 'ARTICLE: the article.' })
  article!: Article | null;
  @Field(() => String, { nullable: true, description: 'SEARCH: the normalized query.' })
  query!: string | null;
  @Field(() => Int, { description: 'Readers it affects: the article’s views in 30 days, or the searches that found nothing.' })
  readersAffected!: number;
  @Field(() => [AttentionReasonDetail], { description: 'Why it is in the queue.' })
  reasons!: AttentionReasonDetail[];
  @Field(() => User, { nullable: true, description: 'Who it is assigned to.' })
  assignee!: User | null;
  @Field(() => User, { nullable: true, description: 'ARTICLE: the article’s owner (its author unless set).' })
  owner!: User | null;
  @Field(() => Date, { nullable: true, description: 'ARTICLE: when it was last marked reviewed.' })
  reviewedAt!: Date | null;
  @Field(() => User, { nullable: true, description: 'ARTICLE: who last marked it reviewed.' })
  reviewedBy!: User | null;
}

@ObjectType('AttentionItemConnection', { description: 'A page of the attention queue, most readers affected first.' })
export class AttentionItemConnection extends Connection(AttentionItem, 'AttentionItem') {}

@ObjectType('HelpCenterInsights', { description: 'The staff dashboard: the help center’s (or a section’s) signals over a period.' })
export class HelpCenterInsights {
  @Field(() => InsightsPeriod, { description: 'The days covered.' })
  period!: InsightsPeriod;
  @Field(() => ID, { nullable: true, description: 'The section reported on; null: the whole help center.' })
  sectionId!: string | null;
  @Field(() => Int, { description: 'Article views (one per reader, article and day; bots left out).' })
  views!: number;
  @Field(() => [InsightsDayCount], { description: 'Views per day, every day of the period.' })
  viewsByDay!: InsightsDayCount[];
  @Field(() => Int, { description: 'Votes cast in the period.' })
  votes!: number;
  @Field(() => Int, { description: 'Of them, "helpful".' })
  helpfulVotes!: number;
  @Field(() => Float, { nullable: true, description: 'helpfulVotes / votes (0..1); null without votes.' })
  helpfulRatio!: number | null;
  @Field(() => [InsightsWeekHelpfulness], { description: 'Helpfulness per week.' })
  helpfulnessByWeek!: InsightsWeekHelpfulness[];
  @Field(() => [InsightsReasonCount], { description: '"Not helpful" votes by reason, most first.' })
  votesByReason!: InsightsReasonCount[];
  @Field(() => [SearchQueryStat], { description: 'The 10 most searched queries (help center wide).' })
  topSearches!: SearchQueryStat[];
  @Field(() => [SearchQueryStat], { description: 'The 10 queries that most often found nothing.' })
  noResultSearches!: SearchQueryStat[];
  @Field(() => [SearchQueryStat], { description: 'The 10 most searched queries whose results nobody opened.' })
  unopenedSearches!: SearchQueryStat[];
  @Field(() => [UnansweredQuestion], { description: 'The 10 oldest questions asked in the period and still unanswered.' })
  unansweredQuestions!: UnansweredQuestion[];
  @Field(() => [ArticleInsightsRow], { description: 'The 10 most viewed articles of the period.' })
  topArticles!: ArticleInsightsRow[];
}

@ObjectType('ArticleInsights', { description: 'One article’s signals over a period, its review dates and its place in the attention queue.' })
export class ArticleInsights {
  @Field(() => Article, { nullable: true, description: 'The article.' })
  article!: Article | null;
  @Field(() => InsightsPeriod, { description: 'The days covered.' })
  period!: InsightsPeriod;
  @Field(() => Int, { description: 'Views in the period.' })
  views!: number;
  @Field(() => [InsightsDayCount], { description: 'Views per day, every day of the period.' })
  viewsByDay!: InsightsDayCount[];
  @Field(() => Int, { description: 'Votes cast in the period.' })
  votes!: number;
  @Field(() => Int, { description: 'Of them, "helpful".' })
  helpfulVotes!: number;
  @Field(() => Float, { nullable: true, description: 'helpfulVotes / votes (0..1); null without votes.' })
  helpfulRatio!: number | null;
  @Field(() => [InsightsWeekHelpfulness], { description: 'Helpfulness per week.' })
  helpfulnessByWeek!: InsightsWeekHelpfulness[];
  @Field(() => [InsightsReasonCount], { description: '"Not helpful" votes by reason, most first.' })
  votesByReason!: InsightsReasonCount[];
  @Field(() => [UnansweredQuestion], { description: 'Its unanswered questions, oldest first (at most 10).' })
  unansweredQuestions!: UnansweredQuestion[];
  @Field(() => User, { nullable: true, description: 'Who owns it (its author unless set).' })
  owner!: User | null;
  @Field(() => Int, { description: 'Days between reviews.' })
  reviewIntervalDays!: number;
  @Field(() => Date, { nullable: true, description: 'When it was last marked reviewed.' })
  reviewedAt!: Date | null;
  @Field(() => User, { nullable: true, description: 'Who last marked it reviewed.' })
  reviewedBy!: User | null;
  @Field(() => Date, { description: 'When its next review is due.' })
  reviewDueAt!: Date;
  @Field(() => AttentionItem, { nullable: true, description: 'Its attention item, when it is in the queue (not snoozed).' })
  attention!: AttentionItem | null;
}

@InputType('RecordArticleViewInput', { description: 'A reader opened an article page.' })
export class RecordArticleViewInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
}

@ObjectType('RecordArticleViewPayload', { description: 'Whether the view was counted.' })
export class RecordArticleViewPayload {
  @Field(() => Boolean, { description: 'false when it was left out (a bot’s user agent); repeated views of a reader on one day count once either way.' })
  counted!: boolean;
}

@InputType('RecordSearchResultOpenedInput', { description: 'A reader opened a result of a search.' })
export class RecordSearchResultOpenedInput {
  @Field(() => String, { description: 'The query as searched (1..200 characters).' })
  query!: string;
  @Field(() => ID, { description: 'The article opened.' })
  articleId!: string;
}

@ObjectType('RecordSearchResultOpenedPayload', { description: 'Whether the opening was counted.' })
export class RecordSearchResultOpenedPayload {
  @Field(() => Boolean, { description: 'Always true once the input is valid.' })
  counted!: boolean;
}

@InputType('AssignAttentionItemInput', { description: 'Assign an attention item to a staff member.' })
export class AssignAttentionItemInput {
  @Field(() => ID, { description: 'The item (AttentionItem.id).' })
  itemId!: string;
  @Field(() => ID, { nullable: true, description: 'A staff member; null unassigns.' })
  assigneeId?: string | null;
}

@InputType('SnoozeAttentionItemInput', { description: 'Hide an attention item from the queue for a while.' })
export class SnoozeAttentionItemInput {
  @Field(() => ID, { description: 'The item (AttentionItem.id).' })
  itemId!: string;
  @Field(() => Date, { nullable: true, description: 'Until when (future, at most a year ahead); null shows it again now.' })
  until?: Date | null;
}

@InputType('MarkArticleReviewedInput', { description: 'Record that you reviewed an article now.' })
export class MarkArticleReviewedInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
}

@InputType('SetArticleReviewInput', { description: 'Set an article’s owner and review interval.' })
export class SetArticleReviewInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
  @Field(() => ID, { nullable: true, description: 'A staff member who owns it; null: its author. Left out: unchanged.' })
  ownerId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Days between reviews (1..3650); null: the default (INSIGHTS_REVIEW_INTERVAL_DAYS). Left out: unchanged.' })
  reviewIntervalDays?: number | null;
}

@ObjectType('AttentionItemPayload', { description: 'The result of an attention-queue action.' })
export class AttentionItemPayload {
  @Field(() => ID, { description: 'The item acted on.' })
  itemId!: string;
  @Field(() => AttentionItem, { nullable: true, description: 'The item as the queue shows it now; null when it left the queue (snoozed, or no reason left).' })
  item!: AttentionItem | null;
}

@ObjectType('ArticleReviewPayload', { description: 'The result of marking an article reviewed or setting its review.' })
export class ArticleReviewPayload {
  @Field(() => ArticleInsights, { description: 'The article’s insights for the last 30 days, review dates included.' })
  insights!: ArticleInsights;
}
