import { MailOutboxDocument, RetryMailDocument, NodeDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../graphql/global-id.js';
import { inTransaction } from '../../lib/tx.js';
import { buildUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import type { OutgoingMail } from './mail.service.js';

// the embedded default: no SMTP_URL
useTestApp();

let n = 0;
async function enqueue(over: Partial<OutgoingMail> = {}): Promise<OutgoingMail> {
  n++;
  const m: OutgoingMail = {
    to: `kept-${n}@example.com`,
    subject: `Kept ${n}`,
    text: `Text ${n}`,
    html: `<p>HTML ${n}</p><script>alert(1)</script>`,
    kind: 'TEST',
    dedupeKey: `kept:${n}:${Math.random()}`,
    ...over,
  };
  await inTransaction(app().database.ds, (tx) => app().services.mail.enqueue(tx, m));
  return m;
}

describe('the outbox without SMTP_URL', () => {
  it('keeps mails (KEPT, with the reason) and lists them newest first to admins, with text and HTML as queued', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const a = await enqueue();
    const b = await enqueue({ to: 'Someone.Else@Example.com' });
    const data = (await gql(MailOutboxDocument, { first: 10 }, { as: admin })).expectData();
    expect(data.mailSettings).toEqual({ sending: false, from: 'Atrium <no-reply@localhost>' });
    expect(data.mailOutbox.totalCount).toBe(2);
    expect(data.mailOutbox.nodes.map((m) => m.to)).toEqual([b.to, a.to]);
    expect(data.mailOutbox.nodes[1]).toMatchObject({
      kind: 'TEST',
      subject: a.subject,
      text: a.text,
      html: a.html,
      status: 'KEPT',
      attempts: 0,
      lastError: 'kept in the outbox, no SMTP server configured',
      sentAt: null,
      nextAttemptAt: null,
      addressFailedAt: null,
    });
    // the worker does not run: they stay KEPT
    expect(app().services.mail.worker).toBeNull();
    expect(await sql(`select distinct status from mails`)).toEqual([{ status: 'KEPT' }]);
  });

  it('filters by status and by part of the address, pages with cursors', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const only = (await gql(MailOutboxDocument, { to: 'someone.ELSE' }, { as: admin })).expectData().mailOutbox;
    expect(only.nodes.map((m) => m.to)).toEqual(['Someone.Else@Example.com']);
    expect((await gql(MailOutboxDocument, { status: 'FAILED' }, { as: admin })).expectData().mailOutbox.totalCount).toBe(0);
    expect((await gql(MailOutboxDocument, { to: '%' }, { as: admin })).expectData().mailOutbox.totalCount).toBe(0);
    const first = (await gql(MailOutboxDocument, { first: 1 }, { as: admin })).expectData().mailOutbox;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gql(MailOutboxDocument, { first: 1, after: first.pageInfo.endCursor }, { as: admin })).expectData().mailOutbox;
    expect(second.nodes[0].id).not.toBe(first.nodes[0].id);
    (await gql(MailOutboxDocument, { first: 1, after: 'nonsense' }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
  });

  it.each([
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['a member', 'MEMBER', 'FORBIDDEN'],
    ['an agent', 'AGENT', 'FORBIDDEN'],
    ['a moderator', 'MODERATOR', 'FORBIDDEN'],
  ] as const)('is refused to %s', async (_who, role, code) => {
    const as = role ? await buildUser({ role }) : null;
    (await gql(MailOutboxDocument, {}, { as })).expectErrorCode(code);
  });

  it('node(id) answers a mail to admins only', async () => {
    const [row] = await sql<{ id: string }>(`select id from mails order by created_at limit 1`);
    const id = toGlobalId('Mail', row.id);
    const admin = await buildUser({ role: 'ADMIN' });
    const moderator = await buildUser({ role: 'MODERATOR' });
    expect((await gql(NodeDocument, { id }, { as: admin })).expectData().node).toMatchObject({ id, __typename: 'Mail' });
    expect((await gql(NodeDocument, { id }, { as: moderator })).expectData().node).toBeNull();
  });

  it('retryMail keeps a failed mail again when there is no SMTP server, unmarks its address, refuses a SENT one', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const m = await enqueue({ to: 'bounced@example.com' });
    await sql(`update mails set status = 'FAILED', attempts = 3, last_error = '550 no' where dedupe_key = $1`, [m.dedupeKey]);
    const [row] = await sql<{ id: string }>(`select id from mails where dedupe_key = $1`, [m.dedupeKey]);
    await sql(`insert into mail_suppressions (address, reason, mail_id) values ('bounced@example.com', '550 no', $1)`, [row.id]);
    const failed = (await gql(MailOutboxDocument, { status: 'FAILED' }, { as: admin })).expectData().mailOutbox.nodes;
    expect(failed).toHaveLength(1);
    expect(failed[0].addressFailedAt).toEqual(expect.any(String));
    const mailId = toGlobalId('Mail', row.id);
    const res = (await gql(RetryMailDocument, { input: { mailId } }, { as: admin })).expectData();
    expect(res.retryMail.mail).toMatchObject({ status: 'KEPT', attempts: 0, addressFailedAt: null });
    await sql(`update mails set status = 'SENT' where id = $1`, [row.id]);
    (await gql(RetryMailDocument, { input: { mailId } }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RetryMailDocument, { input: { mailId: toGlobalId('Mail', '00000000-0000-4000-8000-000000000000') } }, { as: admin })).expectErrorCode('NOT_FOUND');
    (await gql(RetryMailDocument, { input: { mailId: toGlobalId('User', row.id) } }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
  });
});
