import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';
import { Section } from '../category/category.type.js';

/** GraphQL values of the public event types (webhook.events.ts; COMMENT_PUBLISHED = comment.published). */
export enum WebhookEventEnum {
  ARTICLE_PUBLISHED = 'ARTICLE_PUBLISHED',
  ARTICLE_UPDATED = 'ARTICLE_UPDATED',
  ARTICLE_ARCHIVED = 'ARTICLE_ARCHIVED',
  ARTICLE_VOTED = 'ARTICLE_VOTED',
  COMMENT_PUBLISHED = 'COMMENT_PUBLISHED',
  COMMENT_EDITED = 'COMMENT_EDITED',
  COMMENT_REMOVED = 'COMMENT_REMOVED',
  COMMENT_VOTED = 'COMMENT_VOTED',
}
export const EVENT_DESCRIPTIONS: Record<WebhookEventEnum, { description: string }> = {
  ARTICLE_PUBLISHED: { description: '`article.published`: an article became readable by everyone.' },
  ARTICLE_UPDATED: { description: '`article.updated`: a published article\'s title, body, labels or section changed.' },
  ARTICLE_ARCHIVED: { description: '`article.archived`: a published article was archived (its page stays, marked archived).' },
  ARTICLE_VOTED: { description: '`article.voted`: the helpful/not helpful counts of a published article changed.' },
  COMMENT_PUBLISHED: { description: '`comment.published`: a comment became visible to everyone (posted, approved by a moderator or restored).' },
  COMMENT_EDITED: { description: '`comment.edited`: a visible comment\'s text changed.' },
  COMMENT_REMOVED: { description: '`comment.removed`: a visible comment was deleted or hidden; the payload holds its ids only.' },
  COMMENT_VOTED: { description: '`comment.voted`: the vote counts of a visible comment changed.' },
};
registerEnumType(WebhookEventEnum, {
  name: 'WebhookEvent',
  description: 'What a webhook endpoint is sent (the payload\'s `type` is the lowercase dotted form, e.g. `comment.published`). Only what an anonymous reader could see.',
  valuesConfig: EVENT_DESCRIPTIONS,
});

export enum WebhookDisabledReasonEnum {
  MANUAL = 'MANUAL',
  FAILING = 'FAILING',
}
registerEnumType(WebhookDisabledReasonEnum, {
  name: 'WebhookDisabledReason',
  description: 'Why an endpoint is not sent events.',
  valuesConfig: {
    MANUAL: { description: 'An admin turned it off.' },
    FAILING: { description: 'It kept failing (its circuit stayed open for the whole grace period) and was turned off; admins were notified.' },
  },
});

export enum WebhookDeliveryStatusEnum {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatusEnum, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery is.',
  valuesConfig: {
    PENDING: { description: 'Waiting to be sent or for its next attempt (exponential backoff with jitter, for about 3 days).' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt failed; `redeliverWebhook` sends it again.' },
  },
});

@ObjectType('WebhookEndpoint', { implements: Node, description: 'A URL that is sent signed events (Standard Webhooks). ADMIN only.' })
export class WebhookEndpoint extends Node {
  @Field(() => ID, { description: 'The opaque global id of the endpoint.' })
  declare id: string;
  @Field(() => String, { description: 'Where events are POSTed.' })
  url!: string;
  @Field(() => String, { description: 'A note for admins (what receives these events).' })
  description!: string;
  @Field(() => [WebhookEventEnum], { description: 'The events it is sent.' })
  events!: WebhookEventEnum[];
  @Field(() => Section, { nullable: true, description: 'Only events of articles in this section (and their comments); null: every section.' })
  section!: object | null;
  @Field(() => Boolean, { description: 'Whether events are sent to it.' })
  active!: boolean;
  @Field(() => WebhookDisabledReasonEnum, { nullable: true, description: 'Why it is not active; null while active.' })
  disabledReason!: WebhookDisabledReasonEnum | null;
  @Field(() => Date, { nullable: true, description: 'When it was turned off; null while active.' })
  disabledAt!: Date | null;
  @Field(() => String, { description: 'The start of the signing secret (`whsec_` and four characters), to tell secrets apart. The secret itself is shown only when created or rotated.' })
  secretHint!: string;
  @Field(() => Date, { nullable: true, description: 'After a rotation: until when the previous secret still signs (a second signature in `webhook-signature`); null otherwise.' })
  previousSecretExpiresAt!: Date | null;
  @Field(() => Int, { description: 'Failed attempts in a row (0 after any success).' })
  consecutiveFailures!: number;
  @Field(() => Date, { nullable: true, description: 'Since when it has been failing without a success in between; null when healthy.' })
  failingSince!: Date | null;
  @Field(() => Date, { nullable: true, description: 'While its circuit is open (after repeated failures), deliveries wait until this time; null when closed.' })
  circuitOpenUntil!: Date | null;
  @Field(() => Date, { description: 'When it was registered.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When it was last changed.' })
  updatedAt!: Date;
}

@ObjectType('WebhookEndpointConnection', { description: 'A page of webhook endpoints, newest first.' })
export class WebhookEndpointConnection extends Connection(WebhookEndpoint, 'WebhookEndpoint') {}

@ObjectType('WebhookDeliveryAttempt', { description: 'One attempt of a delivery: the request\'s headers and what came back.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int, { description: 'The attempt number (1 = first; counting starts again after a redelivery).' })
  attempt!: number;
  @Field(() => String, { description: 'The request headers as JSON (content-type, webhook-id, webhook-timestamp, webhook-signature, user-agent).' })
  requestHeaders!: string;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the answer; null when there was none (refused, timeout, connection error).' })
  responseStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'The start of the answer\'s body (at most 1 KB).' })
  responseSnippet!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the attempt failed; null on success.' })
  error!: string | null;
  @Field(() => Int, { description: 'How long the exchange took, in milliseconds.' })
  durationMs!: number;
  @Field(() => Date, { description: 'When the attempt ended.' })
  createdAt!: Date;
}

@ObjectType('WebhookDelivery', { implements: Node, description: 'One event for one endpoint, with its attempts. ADMIN only.' })
export class WebhookDelivery extends Node {
  @Field(() => ID, { description: 'The opaque global id of the delivery.' })
  declare id: string;
  @Field(() => WebhookEndpoint, { description: 'The endpoint it goes to.' })
  endpoint!: object;
  @Field(() => String, { description: 'The `webhook-id` header: the same for every attempt and redelivery, and for the event on every endpoint (receivers drop repeats by it).' })
  eventId!: string;
  @Field(() => String, { description: 'The event type, e.g. `comment.published` or `webhook.ping`.' })
  eventType!: string;
  @Field(() => String, { description: 'The JSON body sent: `{ type, timestamp, data }`.' })
  payload!: string;
  @Field(() => WebhookDeliveryStatusEnum, { description: 'Where the delivery is.' })
  status!: WebhookDeliveryStatusEnum;
  @Field(() => Int, { description: 'Attempts so far (since the last redelivery).' })
  attempts!: number;
  @Field(() => Date, { nullable: true, description: 'For PENDING: the earliest time of the next attempt.' })
  nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was last tried.' })
  lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer.' })
  lastStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it (2xx).' })
  deliveredAt!: Date | null;
  @Field(() => Date, { description: 'When the delivery was created.' })
  createdAt!: Date;
  @Field(() => [WebhookDeliveryAttempt], { description: 'Every attempt, oldest first.' })
  attemptLog!: WebhookDeliveryAttempt[];
}

@ObjectType('WebhookDeliveryConnection', { description: 'A page of deliveries, newest first.' })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery') {}

@InputType('CreateWebhookEndpointInput', { description: 'The input of createWebhookEndpoint.' })
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'http:// or https:// URL. Hosts resolving to loopback, private, link-local or metadata addresses are refused (unless WEBHOOK_ALLOW_PRIVATE=true).' })
  url!: string;
  @Field(() => [WebhookEventEnum], { description: 'The events to send (at least one).' })
  events!: WebhookEventEnum[];
  @Field(() => ID, { nullable: true, description: 'Only events of this section; none: every section.' })
  sectionId?: string | null;
  @Field(() => String, { nullable: true, description: 'A note for admins (at most 500 characters).' })
  description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Start active (default true); false: registered but sent nothing until turned on.' })
  active?: boolean | null;
}

@ObjectType('CreateWebhookEndpointPayload', { description: 'The result of createWebhookEndpoint.' })
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { description: 'The new endpoint.' })
  webhookEndpoint!: object;
  @Field(() => String, { description: 'The signing secret (`whsec_…`). Shown this once: store it in the receiver.' })
  secret!: string;
}

@InputType('UpdateWebhookEndpointInput', { description: 'The input of updateWebhookEndpoint: fields left out stay as they are.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint to change.' })
  webhookEndpointId!: string;
  @Field(() => String, { nullable: true, description: 'A new URL (checked like at creation).' })
  url?: string | null;
  @Field(() => [WebhookEventEnum], { nullable: true, description: 'The events to send from now on.' })
  events?: WebhookEventEnum[] | null;
  @Field(() => ID, { nullable: true, description: 'Only this section; an explicit null: every section.' })
  sectionId?: string | null;
  @Field(() => String, { nullable: true, description: 'A new note.' })
  description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'false: disable (deliveries wait); true: enable again (failures forgotten, circuit closed).' })
  active?: boolean | null;
}

@ObjectType('WebhookEndpointPayload', { description: 'The changed endpoint.' })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { description: 'The endpoint.' })
  webhookEndpoint!: object;
}

@InputType('WebhookEndpointIdInput', { description: 'Names one webhook endpoint.' })
export class WebhookEndpointIdInput {
  @Field(() => ID, { description: 'The endpoint.' })
  webhookEndpointId!: string;
}

@ObjectType('RotateWebhookSecretPayload', { description: 'The result of rotateWebhookSecret.' })
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpoint, { description: 'The endpoint; `previousSecretExpiresAt` says until when the old secret still signs.' })
  webhookEndpoint!: object;
  @Field(() => String, { description: 'The new signing secret, shown this once.' })
  secret!: string;
}

@ObjectType('DeleteWebhookEndpointPayload', { description: 'The result of deleteWebhookEndpoint.' })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { description: 'The id of the deleted endpoint (its deliveries are deleted with it).' })
  deletedWebhookEndpointId!: string;
}

@InputType('RedeliverWebhookInput', { description: 'The input of redeliverWebhook: exactly one of deliveryId and webhookEndpointId.' })
export class RedeliverWebhookInput {
  @Field(() => ID, { nullable: true, description: 'Send this delivery again (SUCCEEDED or FAILED).' })
  deliveryId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Send every FAILED delivery of this endpoint again (at most 1,000 at once).' })
  webhookEndpointId?: string | null;
}

@ObjectType('RedeliverWebhookPayload', { description: 'The result of redeliverWebhook.' })
export class RedeliverWebhookPayload {
  @Field(() => Int, { description: 'How many deliveries were queued again.' })
  count!: number;
  @Field(() => [WebhookDelivery], { description: 'The deliveries queued again (the first 100).' })
  deliveries!: object[];
}

@ObjectType('PingWebhookEndpointPayload', { description: 'The result of pingWebhookEndpoint.' })
export class PingWebhookEndpointPayload {
  @Field(() => WebhookDelivery, { description: 'The `webhook.ping` delivery; its attempts show how the endpoint answered.' })
  delivery!: object;
}
