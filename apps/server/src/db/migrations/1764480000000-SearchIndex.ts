import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search, faster (#22).
 *
 * `search_documents`: one narrow row per article (status, section, labels, `head` = the weighted
 * title and labels, stored inline, and `doc` = the article's whole weighted search vector, pushed
 * out of line by toast_tuple_target) with a GIN index on `doc`. A search reads the matches of the
 * GIN index from this small table, ranks them cheaply by `head` and computes the full ts_rank_cd
 * only for the best candidates, instead of reading and ranking every matching article row.
 * Kept by a row trigger on articles in the writing transaction.
 *
 * Search vocabulary: every word (3..40 letters, lower case, unstemmed) of the titles and
 * bodies of published articles, with the number of published articles containing it, and a
 * trigram index on it. A search whose words match nothing has its misspelled words corrected
 * against this list (the way the PostgreSQL manual suggests: a word list and pg_trgm), which
 * gives typo tolerance on body words as well as titles.
 *
 * Kept by statement-level triggers with transition tables, so every writer (the article
 * service, imports, two instances) keeps it exact in the writing transaction, a bulk insert
 * costs one statement, and an update that leaves title, body and status alone (vote and
 * comment counters) writes nothing. Words are changed in word order, so two concurrent writers
 * wait for each other rather than deadlock. A word is deleted when its count reaches zero.
 */
export class SearchIndex1764480000000 implements MigrationInterface {
  name = 'SearchIndex1764480000000';

  async up(q: QueryRunner): Promise<void> {
    // the backfills read every article (100,000 take about a minute): more than the pool's statement timeout
    await q.query(`set local statement_timeout = 0`);
    await q.query(`create extension if not exists pg_trgm`);
    await q.query(`
      create table search_documents (
        article_id uuid primary key references articles (id) on delete cascade,
        status text not null,
        section_id uuid not null,
        labels text[] not null,
        head tsvector not null,
        doc tsvector not null
      ) with (toast_tuple_target = 128)`);
    // head is small and read for every match: never compressed nor moved out of the row
    await q.query(`alter table search_documents alter column head set storage plain`);
    await q.query(`create index search_documents_doc_idx on search_documents using gin (doc)`);
    await q.query(`
      create function search_documents_head(title text, labels text[]) returns tsvector
      language sql immutable parallel safe
      as $$
        select setweight(to_tsvector('english'::regconfig, left(coalesce(title, ''), 1000)), 'A')
            || setweight(to_tsvector('english'::regconfig, left(coalesce(array_to_string(labels, ' '), ''), 1000)), 'B')
      $$`);
    await q.query(`
      create function search_documents_sync() returns trigger language plpgsql as $$
      begin
        insert into search_documents as s (article_id, status, section_id, labels, head, doc)
        values (new.id, new.status, new.section_id, new.labels, search_documents_head(new.title, new.labels), new.search_vector)
        on conflict (article_id) do update
          set status = excluded.status, section_id = excluded.section_id, labels = excluded.labels, head = excluded.head, doc = excluded.doc;
        return null;
      end $$`);
    await q.query(`
      create trigger articles_search_documents after insert or update of title, body, labels, status, section_id on articles
      for each row execute function search_documents_sync()`);
    await q.query(`
      insert into search_documents (article_id, status, section_id, labels, head, doc)
      select id, status, section_id, labels, search_documents_head(title, labels), search_vector from articles`);
    await q.query(`create table search_words (word text primary key, articles int not null)`);
    await q.query(`create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops)`);
    await q.query(`
      create function search_words_of(title text, body text) returns text[]
      language sql immutable parallel safe
      as $$
        select coalesce(array_agg(w), '{}')
          from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(left(body, 100000), '')))) w
         where length(w) between 3 and 40 and w ~ '^[[:alpha:]]+$'
      $$`);
    await q.query(`
      create function search_words_apply(ws text[], cs int[]) returns void
      language sql volatile
      as $$
        insert into search_words as s (word, articles)
        select d.w, d.c from unnest(ws, cs) d(w, c) where d.c <> 0 order by d.w
        on conflict (word) do update set articles = s.articles + excluded.articles;
        delete from search_words s using unnest(ws) d(w) where s.word = d.w and s.articles <= 0;
      $$`);
    await q.query(`
      create function search_words_inserted() returns trigger language plpgsql as $$
      begin
        perform search_words_apply(array_agg(w), array_agg(c))
          from (select w, count(*)::int as c
                  from new_rows n cross join unnest(search_words_of(n.title, n.body)) w
                 where n.status = 'PUBLISHED' group by w) d;
        return null;
      end $$`);
    await q.query(`
      create function search_words_deleted() returns trigger language plpgsql as $$
      begin
        perform search_words_apply(array_agg(w), array_agg(c))
          from (select w, -count(*)::int as c
                  from old_rows o cross join unnest(search_words_of(o.title, o.body)) w
                 where o.status = 'PUBLISHED' group by w) d;
        return null;
      end $$`);
    await q.query(`
      create function search_words_updated() returns trigger language plpgsql as $$
      begin
        perform search_words_apply(array_agg(w), array_agg(c))
          from (select w, sum(c)::int as c
                  from (select n.title, n.body, n.status, 1 as c, o.id
                          from new_rows n join old_rows o on o.id = n.id
                         where (n.title, n.body, n.status) is distinct from (o.title, o.body, o.status)
                        union all
                        select o.title, o.body, o.status, -1, o.id
                          from old_rows o join new_rows n on n.id = o.id
                         where (n.title, n.body, n.status) is distinct from (o.title, o.body, o.status)) r
                 cross join unnest(search_words_of(r.title, r.body)) w
                 where r.status = 'PUBLISHED'
                 group by w having sum(c) <> 0) d;
        return null;
      end $$`);
    await q.query(`
      create function search_words_truncated() returns trigger language plpgsql as $$
      begin
        delete from search_words;
        return null;
      end $$`);
    await q.query(`create trigger articles_search_words_ins after insert on articles referencing new table as new_rows for each statement execute function search_words_inserted()`);
    await q.query(`create trigger articles_search_words_del after delete on articles referencing old table as old_rows for each statement execute function search_words_deleted()`);
    await q.query(`create trigger articles_search_words_upd after update on articles referencing old table as old_rows new table as new_rows for each statement execute function search_words_updated()`);
    await q.query(`create trigger articles_search_words_trunc after truncate on articles for each statement execute function search_words_truncated()`);
    await q.query(`
      insert into search_words (word, articles)
      select w, count(*) from articles a cross join unnest(search_words_of(a.title, a.body)) w
       where a.status = 'PUBLISHED' group by w`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists articles_search_documents on articles`);
    await q.query(`drop table if exists search_documents`);
    await q.query(`drop function if exists search_documents_sync()`);
    await q.query(`drop function if exists search_documents_head(text, text[])`);
    for (const t of ['ins', 'del', 'upd', 'trunc']) await q.query(`drop trigger if exists articles_search_words_${t} on articles`);
    for (const f of ['search_words_inserted()', 'search_words_deleted()', 'search_words_updated()', 'search_words_truncated()', 'search_words_apply(text[], int[])', 'search_words_of(text, text)']) {
      await q.query(`drop function if exists ${f}`);
    }
    await q.query(`drop table if exists search_words`);
  }
}
