import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Who sent a request, as Express answers `req.ip` / `req.secure` with `trust proxy` set to a
 * boolean: behind a trusted proxy the first X-Forwarded-For address and X-Forwarded-Proto,
 * otherwise the socket's own. Shared by the GraphQL HTTP path and the WebSocket server.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers['x-forwarded-for'];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
    if (first) return first === 'https';
  }
  return (req.socket as TLSSocket).encrypted === true;
}
