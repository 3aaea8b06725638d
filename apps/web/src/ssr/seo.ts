import type { ArticlePageQuery } from '@atrium/schema';
import { SITE_NAME } from '../composables/useTitle';

/** A crumb of BreadcrumbList: its name and path (the last one is the page itself). */
export interface Crumb {
  name: string;
  path: string;
}

/** schema.org BreadcrumbList (paths become absolute when the head is rendered: see absolutize). */
export function breadcrumbList(crumbs: Crumb[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.path })),
  };
}

type PageArticle = NonNullable<ArticlePageQuery['article']>;
type ThreadNode = PageArticle['comments']['edges'][number]['node'];

/** Plain text of a comment for structured data (its markdown source, trimmed). */
function text(body: string, max = 2000): string {
  const t = body.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Text of sanitized HTML (entities stay encoded: JSON-LD is read as text, never as HTML). */
function htmlText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
  const blocks = /<\/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|pre|table|tr|td|th|hr)\b[^>]*>/gi;
  return text(html.replace(blocks, ' ').replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]));
}

function person(author: { displayName: string; handle?: string } | null): object {
  if (!author) return { '@type': 'Person', name: 'Deleted' };
  return { '@type': 'Person', name: author.displayName, ...(author.handle ? { url: `/users/${author.handle}` } : {}) };
}

/**
 * The article (schema.org Article) and, for every question on the first page of comments that
 * has an accepted answer, a DiscussionForumPosting with that answer (a help-center article holds
 * many questions, so QAPage, which is about one question, does not fit).
 */
export function articleJsonLd(article: PageArticle): object[] {
  const path = `/articles/${article.slug}`;
  const out: object[] = [
    {
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: article.title,
      description: article.excerpt,
      datePublished: article.publishedAt ?? article.createdAt,
      dateModified: article.updatedAt,
      author: person(article.author),
      publisher: { '@type': 'Organization', name: SITE_NAME },
      mainEntityOfPage: path,
      url: path,
      commentCount: article.commentCount,
      ...(article.labels.length ? { keywords: article.labels.join(', ') } : {}),
    },
  ];
  for (const { node } of article.comments.edges as ReadonlyArray<{ node: ThreadNode }>) {
    const answer = node.acceptedAnswer;
    if (!answer || node.status !== 'PUBLISHED') continue;
    out.push({
      '@context': 'https://schema.org',
      '@type': 'DiscussionForumPosting',
      headline: text(node.body, 110),
      text: text(node.body),
      author: person(node.author),
      datePublished: node.createdAt,
      url: `${path}#comment-${node.id}`,
      isPartOf: path,
      interactionStatistic: { '@type': 'InteractionCounter', interactionType: 'https://schema.org/CommentAction', userInteractionCount: node.replyCount },
      comment: [
        {
          '@type': 'Comment',
          text: htmlText(answer.bodyHtml),
          author: person(answer.author),
          datePublished: answer.createdAt,
          url: `${path}#comment-${answer.id}`,
        },
      ],
    });
  }
  return out;
}
