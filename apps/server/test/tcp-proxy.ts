import net from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  port: number;
  /**
   * The outage: destroys every piped connection. New ones are then reset at once (`reset`: the
   * server is restarting) or accepted and left unanswered (`blackhole`: a network partition).
   */
  cut(mode?: 'reset' | 'blackhole'): void;
  /** Ends the outage: new connections reach the target again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (PostgreSQL, Redis) that a test can cut and restore,
 * like a server restart or a network partition, without touching the server itself.
 */
export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  let up = true;
  let mode: 'reset' | 'blackhole' = 'reset';
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((client) => {
    if (!up) {
      client.on('error', () => {});
      if (mode === 'reset') client.resetAndDestroy();
      else track(client); // never answered; destroyed by the next cut() or close()
      return;
    }
    track(client);
    const upstream = net.connect(target.port, host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const destroyAll = () => {
    for (const s of [...sockets]) s.destroy();
  };
  return {
    port,
    cut(how = 'reset') {
      up = false;
      mode = how;
      destroyAll();
    },
    restore() {
      up = true;
      destroyAll(); // blackholed connections fail now, as a partition that heals does
    },
    async close() {
      up = false;
      destroyAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The same URL with its host and port replaced (a database or Redis URL through a proxy). */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
