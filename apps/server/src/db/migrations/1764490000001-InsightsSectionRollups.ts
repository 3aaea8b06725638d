import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Article health (#22): daily rollups per section, so the dashboard's help-center-wide and
 * per-section views and votes read at most (sections × days) rows instead of every article-day
 * and every vote.
 *
 * - `insights_section_views_daily` (section, day, views): kept by statement-level triggers on
 *   `article_views_daily`, i.e. in the view flush's own transaction and statement (the flush's
 *   insert ... on conflict do update fires the insert and the update trigger with only the rows
 *   it touched); a row's section is the article's section when the views are counted.
 * - `insights_section_votes_daily` (section, day, reason, votes, helpful): kept by a trigger on
 *   `article_vote_changes`, in the vote's transaction; counts the changes to helpful / not
 *   helpful (a removed vote counts nothing), '' for no reason; days in UTC.
 *
 * Each trigger aggregates its statement's rows first and adds them in (section, day) order, so
 * two instances flushing at once wait for each other rather than deadlock.
 */
export class InsightsSectionRollups1764490000001 implements MigrationInterface {
  name = 'InsightsSectionRollups1764490000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table insights_section_views_daily (
        section_id uuid not null,
        day date not null,
        views int not null,
        primary key (section_id, day)
      )`);
    await q.query(`create index insights_section_views_daily_day on insights_section_views_daily (day) include (views)`);
    await q.query(`
      create table insights_section_votes_daily (
        section_id uuid not null,
        day date not null,
        reason text not null,
        votes int not null,
        helpful int not null,
        primary key (section_id, day, reason)
      )`);
    await q.query(`create index insights_section_votes_daily_day on insights_section_votes_daily (day) include (reason, votes, helpful)`);

    // views: the change of each (section, day) a statement made, added in key order
    await q.query(`
      create function insights_views_rollup() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into insights_section_views_daily (section_id, day, views)
          select a.section_id, n.day, sum(n.views) from new_rows n join articles a on a.id = n.article_id
           group by 1, 2 order by 1, 2
          on conflict (section_id, day) do update set views = insights_section_views_daily.views + excluded.views;
        elsif tg_op = 'UPDATE' then
          insert into insights_section_views_daily (section_id, day, views)
          select a.section_id, d.day, sum(d.views)
            from (select article_id, day, views from new_rows union all select article_id, day, -views from old_rows) d
            join articles a on a.id = d.article_id
           group by 1, 2 having sum(d.views) <> 0 order by 1, 2
          on conflict (section_id, day) do update set views = insights_section_views_daily.views + excluded.views;
        else
          insert into insights_section_views_daily (section_id, day, views)
          select a.section_id, o.day, -sum(o.views) from old_rows o join articles a on a.id = o.article_id
           group by 1, 2 order by 1, 2
          on conflict (section_id, day) do update set views = insights_section_views_daily.views + excluded.views;
        end if;
        return null;
      end $$`);
    await q.query(`create trigger insights_views_rollup_ins after insert on article_views_daily referencing new table as new_rows
      for each statement execute function insights_views_rollup()`);
    await q.query(`create trigger insights_views_rollup_upd after update on article_views_daily referencing old table as old_rows new table as new_rows
      for each statement execute function insights_views_rollup()`);
    await q.query(`create trigger insights_views_rollup_del after delete on article_views_daily referencing old table as old_rows
      for each statement execute function insights_views_rollup()`);

    await q.query(`
      create function insights_votes_rollup() returns trigger language plpgsql as $$
      begin
        insert into insights_section_votes_daily (section_id, day, reason, votes, helpful)
        select a.section_id, (n.at at time zone 'UTC')::date, coalesce(n.reason, ''), count(*), count(*) filter (where n.to_helpful)
          from new_rows n join articles a on a.id = n.article_id
         where n.to_helpful is not null
         group by 1, 2, 3 order by 1, 2, 3
        on conflict (section_id, day, reason) do update
          set votes = insights_section_votes_daily.votes + excluded.votes, helpful = insights_section_votes_daily.helpful + excluded.helpful;
        return null;
      end $$`);
    await q.query(`create trigger insights_votes_rollup_ins after insert on article_vote_changes referencing new table as new_rows
      for each statement execute function insights_votes_rollup()`);

    // what is there already
    await q.query(`insert into insights_section_views_daily (section_id, day, views)
      select a.section_id, v.day, sum(v.views) from article_views_daily v join articles a on a.id = v.article_id group by 1, 2`);
    await q.query(`insert into insights_section_votes_daily (section_id, day, reason, votes, helpful)
      select a.section_id, (c.at at time zone 'UTC')::date, coalesce(c.reason, ''), count(*), count(*) filter (where c.to_helpful)
        from article_vote_changes c join articles a on a.id = c.article_id where c.to_helpful is not null group by 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insights_views_rollup_ins', 'insights_views_rollup_upd', 'insights_views_rollup_del']) await q.query(`drop trigger ${t} on article_views_daily`);
    await q.query(`drop trigger insights_votes_rollup_ins on article_vote_changes`);
    await q.query(`drop function insights_views_rollup()`);
    await q.query(`drop function insights_votes_rollup()`);
    await q.query(`drop table insights_section_votes_daily`);
    await q.query(`drop table insights_section_views_daily`);
  }
}
