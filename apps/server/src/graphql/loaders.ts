import DataLoader from 'dataloader';

export interface LoaderOptions {
  /** false for subscriptions: graphql-ws keeps one context per subscription and a cache would go stale. */
  cache: boolean;
}

/**
 * A batch loader that dedupes keys and answers in key order, `null` for misses.
 * `fetch` returns the found values keyed by the same key.
 */
export function createLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<Map<K, V>>,
  { cache }: LoaderOptions,
  defaultValue: V | null = null,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((k) => (found.has(k) ? (found.get(k) as V) : defaultValue));
    },
    { cache, maxBatchSize: 1000 },
  );
}

/** Groups rows into a Map by a key. */
export function groupBy<K, V>(rows: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function indexBy<K, V>(rows: readonly V[], key: (v: V) => K): Map<K, V> {
  return new Map(rows.map((r) => [key(r), r]));
}
