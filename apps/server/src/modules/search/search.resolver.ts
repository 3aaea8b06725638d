import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { decodeId } from '../../graphql/global-id.js';
import { searchArticles } from './search.queries.js';
import { ArticleSearchConnection } from './search.type.js';

@Resolver()
export class SearchResolver {
  @Query(() => ArticleSearchConnection, {
    description:
      'Full-text search over the articles the viewer may read (staff also find drafts and archived ones), most relevant first, ' +
      'with highlighted snippets. Web-search syntax: "quoted phrase", OR, -excluded; the last word matches as a prefix while typing. ' +
      'When no article contains the words, misspelled words are corrected from the words of published articles (titles and bodies), ' +
      'and when that finds nothing either, titles are matched tolerating typos (see `fuzzy`).',
  })
  async search(
    @Arg('query', () => String, { description: 'What to look for (1..200 characters).' }) query: string,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('sectionId', () => ID, { nullable: true, description: 'Only articles of this section.' }) sectionId: string | null,
    @Arg('label', () => String, { nullable: true, description: 'Only articles with this label.' }) label: string | null,
    @Ctx() ctx: Context,
  ) {
    const section = sectionId != null ? decodeId(sectionId, 'Section', 'sectionId') : null;
    const result = await searchArticles(ctx.db, ctx.viewer, query, page, { sectionId: section, label });
    // search analytics (#22): first pages of unfiltered searches, counted in memory (the first page knows its total: no SQL)
    if (page.after == null && page.before == null && section == null && label == null) {
      ctx.services.insights.recordSearch(query, await result.totalCount);
    }
    return result;
  }
}
