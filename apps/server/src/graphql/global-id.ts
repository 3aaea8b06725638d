import { BadUserInputError } from './errors.js';

/** Opaque global ids: base64url("Type:uuid"). */
export type NodeType =
  | 'User'
  | 'ApiToken'
  | 'Session'
  | 'Category'
  | 'Section'
  | 'Article'
  | 'ArticleRevision'
  | 'ArticleFeedback'
  | 'Comment'
  | 'CommentRevision'
  | 'Flag'
  | 'ModerationAction'
  | 'Notification'
  | 'Mail'
  | 'WebhookEndpoint'
  | 'WebhookDelivery'
  | 'Attachment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: NodeType, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`).toString('base64url');
}

export interface DecodedId {
  type: NodeType;
  uuid: string;
}

/** null when the id is not one of ours (wrong base64, type or uuid). */
export function parseGlobalId(id: string): DecodedId | null {
  if (typeof id !== 'string' || id.length > 100 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const raw = Buffer.from(id, 'base64url').toString('utf8');
  const colon = raw.indexOf(':');
  if (colon < 1) return null;
  const type = raw.slice(0, colon) as NodeType;
  const uuid = raw.slice(colon + 1);
  if (!UUID.test(uuid) || !/^[A-Z][A-Za-z]+$/.test(type)) return null;
  return { type, uuid };
}

/** For mutation inputs: a malformed id or an id of another type is BAD_USER_INPUT. */
export function decodeId(id: string, type: NodeType, field = 'id'): string {
  const decoded = parseGlobalId(id);
  if (!decoded || decoded.type !== type) {
    throw new BadUserInputError(`${field} is not a valid ${type} id.`, { field });
  }
  return decoded.uuid;
}
