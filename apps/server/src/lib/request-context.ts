import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request bookkeeping that travels with async work (SQL count, request id). */
export interface RequestStore {
  requestId: string;
  sqlStatements: number;
}

export const requestStorage = new AsyncLocalStorage<RequestStore>();

export function countSqlStatement(): void {
  const store = requestStorage.getStore();
  if (store) store.sqlStatements += 1;
}
