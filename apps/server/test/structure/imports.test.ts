import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, readImportGraph, upwardImports, type ImportGraph } from './import-graph.js';

/**
 * The structure of apps/server/src (STYLE.md, "The tree today, and where it should go"): the
 * lower layers (graphql/, lib/, pubsub/, db/, events/) import nothing from modules/, and there
 * are no import cycles. The imports below are what is left of the tree before issue #21; this
 * test fails when a NEW one appears, and when one of these is gone (then delete its line: the
 * list only shrinks). Read with the TypeScript compiler's pre-processor (test/structure/import-graph.ts).
 */

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Lower layer -> modules/ imports still to move out (the composition root under modules/ should own them). */
const KNOWN_UPWARD: string[] = [];

/** Import cycles still to break, each as its files (a cycle may shrink; a file may not join one). */
const KNOWN_CYCLES: string[][] = [
  [
    'lib/scopes.ts',
    'lib/viewer.ts',
  ],
  [
    'db/seed/demo.ts',
    'modules/comment/comment.seed.ts',
  ],
  [
    'graphql/authorization.ts',
    'graphql/context.ts',
    'graphql/loaders.ts',
    'modules/account/account.mails.ts',
    'modules/account/account.service.ts',
    'modules/article-feedback/article-feedback.service.ts',
    'modules/article/article.loaders.ts',
    'modules/article/article.policy.ts',
    'modules/article/article.queries.ts',
    'modules/article/article.service.ts',
    'modules/auth/auth.service.ts',
    'modules/authorization.ts',
    'modules/category/category.loaders.ts',
    'modules/category/category.policy.ts',
    'modules/category/category.service.ts',
    'modules/comment/comment.loaders.ts',
    'modules/comment/comment.policy.ts',
    'modules/comment/comment.profile.ts',
    'modules/comment/comment.queries.ts',
    'modules/comment/comment.service.ts',
    'modules/comment/comment.tree.ts',
    'modules/insights/insights.policy.ts',
    'modules/insights/insights.service.ts',
    'modules/live-events.ts',
    'modules/mail/mail.policy.ts',
    'modules/mail/mail.service.ts',
    'modules/mail/mail.worker.ts',
    'modules/moderation/moderation.loaders.ts',
    'modules/moderation/moderation.service.ts',
    'modules/notification/notification-mail.ts',
    'modules/notification/notification-mailer.ts',
    'modules/notification/notification-preferences.ts',
    'modules/notification/notification-unsubscribe.ts',
    'modules/notification/notification.loaders.ts',
    'modules/notification/notification.policy.ts',
    'modules/notification/notification.service.ts',
    'modules/section/section.loaders.ts',
    'modules/services.ts',
    'modules/sso/sso.service.ts',
    'modules/user/user.loaders.ts',
    'modules/user/user.policy.ts',
    'modules/user/user.service.ts',
    'modules/webhook/webhook.policy.ts',
    'modules/webhook/webhook.service.ts',
  ],
];

let graph: ImportGraph;
const load = () => (graph ??= readImportGraph(src));

describe('the import structure of the server', () => {
  it('reads the imports it should (the walker sees a known import and an import type)', () => {
    const g = load();
    expect(g.edges.get('events/event-log.ts')).toContain('events/catalog.ts');
    expect(g.edges.get('modules/services.ts')).toContain('events/event-log.ts');
    expect(g.edges.size).toBeGreaterThan(150);
  });

  it('lower layers import nothing from modules/ beyond the known list; the list holds only what is still there', () => {
    const found = upwardImports(load());
    expect(found.filter((u) => !KNOWN_UPWARD.includes(u)), 'new imports from a lower layer into modules/').toEqual([]);
    expect(KNOWN_UPWARD.filter((u) => !found.includes(u)), 'gone: delete these lines from KNOWN_UPWARD').toEqual([]);
  });

  it('the event log (events/) imports nothing but lower layers', () => {
    const g = load();
    for (const [from, targets] of g.edges) {
      if (!from.startsWith('events/')) continue;
      for (const to of targets) expect(to, `${from} imports ${to}`).toMatch(/^(events|db|lib)\//);
    }
  });

  it('no import cycle beyond the known ones, and no file joins one', () => {
    const cycles = importCycles(load());
    for (const c of cycles) {
      const known = KNOWN_CYCLES.find((k) => c.every((f) => k.includes(f)));
      expect(known, `a new import cycle: ${c.join(' , ')}`).toBeDefined();
    }
  });
});
