import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** A raw HTTP exchange: the bytes as sent (fetch would decompress them), decoded separately. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire. */
  wire: Buffer;
  /** The body after Content-Encoding was undone. */
  text: string;
}

export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const decoded = wire.length === 0 ? wire : enc === 'br' ? zlib.brotliDecompressSync(wire) : enc === 'gzip' ? zlib.gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, text: decoded.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A persisted query: its hash, a POST that registers it (APQ) on one instance, and its GET URL. */
export function persisted<TData, TVars>(doc: TypedDocumentNode<TData, TVars>) {
  const query = print(doc);
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  return {
    async register(baseUrl: string, variables: TVars) {
      const res = await raw(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables, extensions }),
      });
      if (res.status !== 200) throw new Error(`registering failed: ${res.status} ${res.text.slice(0, 300)}`);
    },
    url(baseUrl: string, variables: TVars) {
      const q = new URLSearchParams({ variables: JSON.stringify(variables), extensions: JSON.stringify(extensions) });
      return `${baseUrl}/graphql?${q}`;
    },
  };
}
