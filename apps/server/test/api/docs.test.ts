import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AddCommentDocument, CreateApiTokenDocument } from '@atrium/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const doc = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');

/** Every ```sh block of docs/api.md that calls curl, with its `# expect:` lines. */
const examples = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((block) => /^curl /m.test(block))
  .map((block) => ({
    script: block,
    title: block.split('\n')[0].slice(0, 90),
    expects: [...block.matchAll(/^# expect: (.*)$/gm)].map((e) => e[1]),
  }));

useTestApp();

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  await buildArticle({ title: 'Docs example article' });
  await buildArticle();
  await buildArticle();
  const user = await buildUser();
  const created = await gql(CreateApiTokenDocument, { input: { name: 'docs' } }, { as: user });
  // the Files examples upload as staff: an agent's token with the ADMIN_CONTENT scope
  const agent = await buildUser({ role: 'AGENT' });
  const staff = await gql(CreateApiTokenDocument, { input: { name: 'docs-staff', scopes: ['ADMIN_CONTENT'] } }, { as: agent });
  // the Webhooks examples: an admin's token with the ADMIN_WEBHOOKS scope
  const admin = await buildUser({ role: 'ADMIN' });
  const webhooks = await gql(CreateApiTokenDocument, { input: { name: 'docs-webhooks', scopes: ['ADMIN_WEBHOOKS'] } }, { as: admin });
  env = {
    ...process.env,
    ATRIUM_URL: app().url,
    ATRIUM_TOKEN: created.expectData().createApiToken.token,
    // the same user's session token (signIn's), for the examples that create tokens
    ATRIUM_SESSION: user.token,
    ATRIUM_STAFF_TOKEN: staff.expectData().createApiToken.token,
    ATRIUM_WEBHOOKS_TOKEN: webhooks.expectData().createApiToken.token,
  };
});

describe('docs/api.md examples', () => {
  it('has curl examples, each with an expectation', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const e of examples) expect(e.expects.length, e.title).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.title, e] as const))('%s', async (_title, e) => {
    const { stdout } = await run('sh', ['-c', e.script], { env, timeout: 10_000 });
    for (const x of e.expects) expect(stdout).toContain(x);
  });

  it('examples/follow-comments.ts prints comments as they are posted', async () => {
    const article = await buildArticle({ title: 'Followed live' });
    const [{ slug }] = await app().database.ds.query('select slug from articles where id = $1', [article.id]);
    const child = spawn('npx', ['tsx', path.join(root, 'examples/follow-comments.ts'), slug], { env, cwd: root });
    let out = '';
    const seen = (text: string, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" in:\n${out}`)), ms);
        const check = () => {
          if (out.includes(text)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        check();
      });
    try {
      await seen('following comments on "Followed live"');
      const writer = await buildUser();
      // the subscription registers right after the greeting: post until an event arrives
      for (let i = 0; i < 20 && !out.includes('ADDED'); i++) {
        (await gql(AddCommentDocument, { input: { articleId: article.gid, body: `live note ${i}` } }, { as: writer })).expectData();
        await seen('ADDED', 500).catch(() => {});
      }
      expect(out).toMatch(/ADDED \S+ by User \S+: live note \d+/);
    } finally {
      child.kill('SIGINT');
    }
  });

  it('examples/list-articles.ts lists the newest articles', async () => {
    const { stdout } = await run('npx', ['tsx', path.join(root, 'examples/list-articles.ts'), '2'], { env, cwd: root, timeout: 30_000 });
    expect(stdout).toMatch(/^\d+ articles; the newest 2:/);
    expect(stdout.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
  });
});
