/**
 * Lists the newest published articles, using a typed document from @atrium/schema.
 *   ATRIUM_URL=http://localhost:4000 ATRIUM_TOKEN=<api token, optional> npx tsx examples/list-articles.ts [count]
 */
import { ArticlesDocument, type ArticlesQuery, type ArticlesQueryVariables } from '@atrium/schema';
import { print } from 'graphql';

const url = `${(process.env.ATRIUM_URL ?? 'http://localhost:4000').replace(/\/$/, '')}/graphql`;
const token = process.env.ATRIUM_TOKEN;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function request<T, V>(document: import('@graphql-typed-document-node/core').TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  if (body.errors?.length || !body.data) {
    const e = body.errors?.[0];
    throw new Error(`${res.status} ${e?.extensions?.code ?? ''} ${e?.message ?? 'no data'}`.trim());
  }
  return body.data;
}

async function main() {
  const first = Number(process.argv[2] ?? 10);
  const variables: ArticlesQueryVariables = { first, orderBy: 'NEWEST' };
  const { articles }: ArticlesQuery = await request(ArticlesDocument, variables);
  console.log(`${articles.totalCount} articles; the newest ${articles.edges.length}:`);
  for (const { node } of articles.edges) {
    console.log(`- ${node.publishedAt ?? node.createdAt}  ${node.title}  (${node.slug}, by ${node.author.displayName})`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
