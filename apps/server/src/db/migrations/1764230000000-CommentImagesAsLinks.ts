import type { MigrationInterface, QueryRunner } from 'typeorm';
import { renderMarkdown } from '../../lib/markdown.js';

/**
 * Comments no longer embed images (a remote image tells its host the IP address of everyone
 * who reads the thread): `![alt](url)` renders as a link (lib/markdown.ts). Comments written
 * before keep their stored HTML until re-rendered, so this re-renders those that hold an <img>.
 */
export class CommentImagesAsLinks1764230000000 implements MigrationInterface {
  name = 'CommentImagesAsLinks1764230000000';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ id: string; body: string }> = await q.query(`select id, body from comments where body_html like '%<img%'`);
    for (const row of rows) await q.query('update comments set body_html = $2 where id = $1', [row.id, renderMarkdown(row.body)]);
  }

  async down(): Promise<void> {
    // nothing to undo: embedding the images again is what this migration is for not doing
  }
}
