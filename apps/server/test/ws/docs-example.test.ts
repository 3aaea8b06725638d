import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddCommentDocument } from '@atrium/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArticle, buildUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';
import { subscribed } from './ws-client.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = fs.readFileSync(path.resolve(here, '../../../../docs/api.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Subscriptions'), doc.indexOf('\n## ', doc.indexOf('## Subscriptions') + 5));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
// next to the tests, so `graphql-ws` and `ws` resolve like they would in a consumer's project
const file = path.join(here, `.docs-example-${process.pid}.ts`);

useTestApp();
afterAll(() => fs.rmSync(file, { force: true }));

describe('docs/api.md Subscriptions example', () => {
  it('prints the next comment event of an article', async () => {
    expect(example).toBeTruthy();
    fs.writeFileSync(file, example!);
    const article = await buildArticle();
    const writer = await buildUser();
    const proc = spawn(process.execPath, ['--import', 'tsx', file, article.gid], { env: { ...process.env, ATRIUM_URL: app().url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', r));
    const base = app().services.pubsub.subscriptions;
    await subscribed(1, base, 20_000);
    const added = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'Seen live' } }, { as: writer })).expectData().addComment.comment;
    expect(await exited, out).toBe(0);
    expect(out).toContain('listening');
    expect(out).toContain(`ADDED ${added.id} ${writer.handle} Seen live`);
  }, 40_000);
});
