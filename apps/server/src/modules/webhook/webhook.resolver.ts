import DataLoader from 'dataloader';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { asNode } from '../../graphql/node.js';
import { Section } from '../category/category.type.js';
import type { NotificationEntity } from '../notification/notification.entity.js';
import { Notification } from '../notification/notification.type.js';
import { canSeeWebhooks } from './webhook.policy.js';
import { allows } from '../../graphql/authorization.js';
import { NODE_AUTHORIZATION } from '../authorization.js';
import type { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity.js';
import { enumOfType, typeOfEnum, type PublicEventType } from './webhook.events.js';
import type { EndpointInput } from './webhook.service.js';
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointPayload,
  PingWebhookEndpointPayload,
  RedeliverWebhookInput,
  RedeliverWebhookPayload,
  RotateWebhookSecretPayload,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStatusEnum,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEndpointIdInput,
  WebhookEndpointPayload,
  WebhookDeliveryAttempt,
  WebhookEventEnum,
} from './webhook.type.js';

const endpointNode = (row: WebhookEndpointEntity) => asNode('WebhookEndpoint', row);
const deliveryNode = (row: WebhookDeliveryEntity) => asNode('WebhookDelivery', row);

function endpointInput(input: CreateWebhookEndpointInput | UpdateWebhookEndpointInput): EndpointInput {
  return {
    url: input.url ?? undefined,
    events: input.events ? input.events.map((e) => typeOfEnum(e) as PublicEventType) : undefined,
    // absent: unchanged; explicit null: every section
    sectionId: input.sectionId === undefined ? undefined : input.sectionId === null ? null : decodeId(input.sectionId, 'Section', 'sectionId'),
    description: input.description ?? undefined,
    active: input.active ?? undefined,
  };
}

@Resolver()
export class WebhookResolver {
  @Query(() => WebhookEndpointConnection, { description: 'The registered webhook endpoints, newest first. ADMIN only.' })
  async webhookEndpoints(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    const connection = await ctx.services.webhooks.list(page);
    for (const e of connection.edges) endpointNode(e.node);
    return connection;
  }

  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log of one endpoint, newest first, with every attempt. ADMIN only.' })
  async webhookDeliveries(
    @Arg('webhookEndpointId', () => ID, { description: 'The endpoint.' }) webhookEndpointId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => WebhookDeliveryStatusEnum, { nullable: true, description: 'Only deliveries with this status.' }) status: WebhookDeliveryStatusEnum | null,
    @Ctx() ctx: Context,
  ) {
    const id = decodeId(webhookEndpointId, 'WebhookEndpoint', 'webhookEndpointId');
    if (!(await ctx.services.webhooks.byId(id))) throw new NotFoundError('webhook endpoint');
    const connection = await ctx.services.webhooks.deliveries(id, page, status);
    for (const e of connection.edges) deliveryNode(e.node);
    return connection;
  }

  @Mutation(() => CreateWebhookEndpointPayload, {
    description: 'Registers a URL to be sent signed events (Standard Webhooks). Answers the signing secret, this once. ADMIN only.',
  })
  async createWebhookEndpoint(@Arg('input', () => CreateWebhookEndpointInput, { description: 'The input of the mutation.' }) input: CreateWebhookEndpointInput, @Ctx() ctx: Context) {
    const v = endpointInput(input);
    const { endpoint, secret } = await ctx.services.webhooks.create(ctx.viewer, { ...v, url: input.url, events: v.events ?? [] });
    return { webhookEndpoint: endpointNode(endpoint), secret };
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Changes an endpoint\'s URL, events, section or note, or disables/enables it. ADMIN only.' })
  async updateWebhookEndpoint(@Arg('input', () => UpdateWebhookEndpointInput, { description: 'The input of the mutation.' }) input: UpdateWebhookEndpointInput, @Ctx() ctx: Context) {
    const id = decodeId(input.webhookEndpointId, 'WebhookEndpoint', 'webhookEndpointId');
    if (input.events === null) throw new BadUserInputError('events cannot be null; leave it out to keep the events.', { field: 'events' });
    const endpoint = await ctx.services.webhooks.update(ctx.viewer, id, endpointInput(input));
    return { webhookEndpoint: endpointNode(endpoint) };
  }

  @Mutation(() => RotateWebhookSecretPayload, {
    description: 'Gives an endpoint a new signing secret, answered this once; the previous one keeps signing (a second signature) for 24 hours. ADMIN only.',
  })
  async rotateWebhookSecret(@Arg('input', () => WebhookEndpointIdInput, { description: 'The input of the mutation.' }) input: WebhookEndpointIdInput, @Ctx() ctx: Context) {
    const { endpoint, secret } = await ctx.services.webhooks.rotateSecret(ctx.viewer, decodeId(input.webhookEndpointId, 'WebhookEndpoint', 'webhookEndpointId'));
    return { webhookEndpoint: endpointNode(endpoint), secret };
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Deletes an endpoint and its delivery log. ADMIN only.' })
  async deleteWebhookEndpoint(@Arg('input', () => WebhookEndpointIdInput, { description: 'The input of the mutation.' }) input: WebhookEndpointIdInput, @Ctx() ctx: Context) {
    await ctx.services.webhooks.delete(ctx.viewer, decodeId(input.webhookEndpointId, 'WebhookEndpoint', 'webhookEndpointId'));
    return { deletedWebhookEndpointId: input.webhookEndpointId };
  }

  @Mutation(() => PingWebhookEndpointPayload, { description: 'Sends a `webhook.ping` event to an endpoint now (also to a disabled one). ADMIN only.' })
  async pingWebhookEndpoint(@Arg('input', () => WebhookEndpointIdInput, { description: 'The input of the mutation.' }) input: WebhookEndpointIdInput, @Ctx() ctx: Context) {
    const delivery = await ctx.services.webhooks.ping(ctx.viewer, decodeId(input.webhookEndpointId, 'WebhookEndpoint', 'webhookEndpointId'));
    return { delivery: deliveryNode(delivery) };
  }

  @Mutation(() => RedeliverWebhookPayload, {
    description: 'Sends one delivery again (deliveryId), or every FAILED delivery of an endpoint (webhookEndpointId), with the same `webhook-id`. ADMIN only.',
  })
  async redeliverWebhook(@Arg('input', () => RedeliverWebhookInput, { description: 'The input of the mutation.' }) input: RedeliverWebhookInput, @Ctx() ctx: Context) {
    if (!input.deliveryId === !input.webhookEndpointId) throw new BadUserInputError('Give exactly one of deliveryId and webhookEndpointId.', { field: 'deliveryId' });
    const target = input.deliveryId
      ? { deliveryId: decodeId(input.deliveryId, 'WebhookDelivery', 'deliveryId') }
      : { endpointId: decodeId(input.webhookEndpointId!, 'WebhookEndpoint', 'webhookEndpointId') };
    const { count, deliveries } = await ctx.services.webhooks.redeliver(ctx.viewer, target);
    return { count, deliveries: deliveries.map(deliveryNode) };
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointFieldsResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the endpoint.' })
  id(@Root() row: WebhookEndpointEntity) {
    return toGlobalId('WebhookEndpoint', row.id);
  }

  @FieldResolver(() => [WebhookEventEnum], { description: 'The events it is sent.' })
  events(@Root() row: WebhookEndpointEntity): WebhookEventEnum[] {
    return row.events.map((e) => enumOfType(e) as WebhookEventEnum);
  }

  @FieldResolver(() => Section, { nullable: true, description: 'Only events of articles in this section (and their comments); null: every section.' })
  section(@Root() row: WebhookEndpointEntity, @Ctx() ctx: Context) {
    return row.sectionId ? ctx.loaders.sections.byId.load(row.sectionId) : null;
  }

  @FieldResolver(() => String, { description: 'The start of the signing secret (`whsec_` and four characters), to tell secrets apart. The secret itself is shown only when created or rotated.' })
  secretHint(@Root() row: WebhookEndpointEntity) {
    return `${row.secret.slice(0, 10)}…`;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'After a rotation: until when the previous secret still signs (a second signature in `webhook-signature`); null otherwise.' })
  previousSecretExpiresAt(@Root() row: WebhookEndpointEntity) {
    return row.previousSecretExpiresAt && new Date(row.previousSecretExpiresAt) > new Date() ? row.previousSecretExpiresAt : null;
  }
}

const attemptLoaders = new WeakMap<Context, DataLoader<string, WebhookDeliveryAttemptEntity[]>>();

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryFieldsResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the delivery.' })
  id(@Root() row: WebhookDeliveryEntity) {
    return toGlobalId('WebhookDelivery', row.id);
  }

  @FieldResolver(() => WebhookEndpoint, { description: 'The endpoint it goes to.' })
  async endpoint(@Root() row: WebhookDeliveryEntity, @Ctx() ctx: Context) {
    return endpointNode((await ctx.services.webhooks.byId(row.endpointId))!);
  }

  @FieldResolver(() => String, { description: 'The JSON body sent: `{ type, timestamp, data }`.' })
  payload(@Root() row: WebhookDeliveryEntity) {
    return row.body;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'For PENDING: the earliest time of the next attempt.' })
  nextAttemptAt(@Root() row: WebhookDeliveryEntity) {
    return row.status === 'PENDING' ? row.nextAttemptAt : null;
  }

  @FieldResolver(() => [WebhookDeliveryAttempt], { description: 'Every attempt, oldest first.' })
  async attemptLog(@Root() row: WebhookDeliveryEntity, @Ctx() ctx: Context) {
    let loader = attemptLoaders.get(ctx);
    if (!loader) {
      // one statement for every delivery of the page, per request
      loader = new DataLoader<string, WebhookDeliveryAttemptEntity[]>(async (ids) => {
        const rows = await ctx.services.webhooks.attemptsOf(ids);
        return ids.map((id) => rows.filter((r) => r.deliveryId === id));
      });
      attemptLoaders.set(ctx, loader);
    }
    return (await loader.load(row.id)).map((a) => ({ ...a, requestHeaders: JSON.stringify(a.requestHeaders) }));
  }
}

@Resolver(() => Notification)
export class WebhookNotificationResolver {
  @FieldResolver(() => WebhookEndpoint, { nullable: true, description: 'For WEBHOOK_DISABLED: the endpoint that was disabled; null for other kinds (and once deleted).' })
  async webhookEndpoint(@Root() row: NotificationEntity, @Ctx() ctx: Context) {
    if (row.kind !== 'WEBHOOK_DISABLED' || !row.detail || !canSeeWebhooks(ctx.viewer) || !allows(ctx.viewer, NODE_AUTHORIZATION.WebhookEndpoint)) return null;
    const endpoint = await ctx.services.webhooks.byId(row.detail);
    return endpoint ? endpointNode(endpoint) : null;
  }
}
