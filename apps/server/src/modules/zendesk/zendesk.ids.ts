import type { EntityManager } from 'typeorm';

export type MappedKind = 'user' | 'category' | 'section' | 'article' | 'comment';

export interface Mapped {
  atriumId: string;
  /** Zendesk's updated_at (ms) when it was last imported. */
  updatedAt: number | null;
}

type Query = Pick<EntityManager, 'query'>;

/** The zendesk_ids table (this module is its only writer): which Atrium row each Zendesk item became. */
export const zendeskIds = {
  async load(db: Query, kind: MappedKind): Promise<Map<number, Mapped>> {
    const rows: Array<{ zid: string; atriumId: string; updatedAt: Date | null }> = await db.query(
      'select zendesk_id::text as zid, atrium_id as "atriumId", source_updated_at as "updatedAt" from zendesk_ids where kind = $1',
      [kind],
    );
    return new Map(rows.map((r) => [Number(r.zid), { atriumId: r.atriumId, updatedAt: r.updatedAt ? new Date(r.updatedAt).getTime() : null }]));
  },

  /** The rows of some items of a kind (the comments of a page: never all of them in memory). */
  async loadSome(db: Query, kind: MappedKind, zendeskIds: number[]): Promise<Map<number, Mapped>> {
    if (!zendeskIds.length) return new Map();
    const rows: Array<{ zid: string; atriumId: string; updatedAt: Date | null }> = await db.query(
      'select zendesk_id::text as zid, atrium_id as "atriumId", source_updated_at as "updatedAt" from zendesk_ids where kind = $1 and zendesk_id = any($2::bigint[])',
      [kind, zendeskIds],
    );
    return new Map(rows.map((r) => [Number(r.zid), { atriumId: r.atriumId, updatedAt: r.updatedAt ? new Date(r.updatedAt).getTime() : null }]));
  },

  async save(tx: Query, kind: MappedKind, rows: Array<{ zendeskId: number; atriumId: string; updatedAt: Date }>): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `insert into zendesk_ids (kind, zendesk_id, atrium_id, source_updated_at)
       select $1, * from unnest($2::bigint[], $3::uuid[], $4::timestamptz[])
       on conflict (kind, zendesk_id) do update set atrium_id = excluded.atrium_id, source_updated_at = excluded.source_updated_at, imported_at = now()`,
      [kind, rows.map((r) => r.zendeskId), rows.map((r) => r.atriumId), rows.map((r) => r.updatedAt)],
    );
  },

  /** The Atrium id of one Zendesk item (old links), or null. */
  async find(db: Query, kind: MappedKind, zendeskId: string): Promise<string | null> {
    if (!/^[0-9]{1,18}$/.test(zendeskId)) return null;
    const [row]: Array<{ atriumId: string }> = await db.query('select atrium_id as "atriumId" from zendesk_ids where kind = $1 and zendesk_id = $2', [kind, zendeskId]);
    return row?.atriumId ?? null;
  },

  /** Zendesk ids of Atrium rows (export), by Atrium id. */
  async zendeskIdsOf(db: Query, kind: MappedKind): Promise<Map<string, number>> {
    const rows: Array<{ zid: string; atriumId: string }> = await db.query('select zendesk_id::text as zid, atrium_id as "atriumId" from zendesk_ids where kind = $1', [kind]);
    return new Map(rows.map((r) => [r.atriumId, Number(r.zid)]));
  },
};
