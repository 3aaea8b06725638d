import { Field, Float, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection.js';
import { Article } from '../article/article.type.js';

@ObjectType('ArticleSearchEdge', { description: 'One search hit: an article and the passage where it matched.' })
export class ArticleSearchEdge {
  @Field(() => String, { description: 'A cursor for use in pagination.' })
  cursor!: string;
  @Field(() => Article, { description: 'The article found.' })
  node!: Article;
  @Field(() => String, {
    description: 'HTML: a passage of the body with the matching words wrapped in <mark>; all other text is HTML-escaped.',
  })
  snippet!: string;
  @Field(() => Float, { description: 'Relevance, higher first; comparable only within one search.' })
  rank!: number;
}

@ObjectType('ArticleSearchConnection', { description: 'A page of search hits, most relevant first.' })
export class ArticleSearchConnection {
  @Field(() => [ArticleSearchEdge], { description: 'A list of edges.' })
  edges!: ArticleSearchEdge[];
  @Field(() => [Article], { description: 'A list of nodes.' })
  nodes!: Article[];
  @Field(() => PageInfo, { description: 'Information to aid in pagination.' })
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'The total number of hits.' })
  totalCount!: number;
  @Field(() => Boolean, {
    description:
      'True when no article contained the words as typed and the hits are for the words corrected from the vocabulary of published articles, or typo-tolerant matches on titles ("did you mean").',
  })
  fuzzy!: boolean;
}
