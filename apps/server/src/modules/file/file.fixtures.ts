// the smallest valid PNG (1×1, transparent)
/** Test bytes (not a test file: importing a test file would run its tests again). */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
  'hex',
);

/**
 * fetch on a connection of its own: the test app runs in the test's process, and under load a
 * socket kept alive from an earlier test can be reused just as the server's keep-alive timeout
 * closes it (ECONNRESET).
 */
export function fetchClose(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) } });
}
