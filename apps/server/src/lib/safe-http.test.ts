import { describe, expect, it } from 'vitest';
import { addressRefusal, RequestRefusedError, safeRequest } from './safe-http.js';
import { useWebhookReceiver } from '../../test/webhook-receiver.js';

const receiver = useWebhookReceiver();

async function refusal(url: string, opts: Parameters<typeof safeRequest>[1] = {}) {
  try {
    await safeRequest(url, opts);
  } catch (err) {
    if (err instanceof RequestRefusedError) return err.reason;
    throw err;
  }
  return null;
}

describe('safeRequest: refused before anything is sent', () => {
  it.each([
    ['loopback IPv4', 'http://127.0.0.1:9/'],
    ['loopback, other /8 address', 'http://127.3.4.5/'],
    ['loopback as a decimal number', 'http://2130706433/'],
    ['loopback in hex', 'http://0x7f000001/'],
    ['localhost by name (resolved here)', 'http://localhost:9/'],
    ['loopback IPv6', 'http://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 metadata', 'http://[::ffff:a9fe:a9fe]/'],
    ['NAT64 of a private address', 'http://[64:ff9b::10.0.0.1]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.20.1.1/'],
    ['private 192.168/16', 'http://192.168.1.1/'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT 100.64/10 (Alibaba metadata)', 'http://100.100.100.200/'],
    ['IPv6 unique local (AWS IPv6 metadata)', 'http://[fd00:ec2::254]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['unspecified 0.0.0.0', 'http://0.0.0.0/'],
    ['multicast', 'http://224.0.0.1/'],
  ])('%s: %s', async (_what, url) => {
    expect(await refusal(url)).toBe('PRIVATE_ADDRESS');
  });

  it.each([
    ['file://', 'file:///etc/passwd', 'SCHEME'],
    ['gopher://', 'gopher://127.0.0.1:6379/_FLUSHALL', 'SCHEME'],
    ['credentials in the URL', 'http://user:pw@93.184.216.34/', 'CREDENTIALS'],
    ['a NUL byte', 'http://example.com/\u0000', 'BAD_URL'],
    ['a huge URL', `http://example.com/${'a'.repeat(3000)}`, 'BAD_URL'],
    ['not a URL', 'not a url', 'BAD_URL'],
    ['a host that does not resolve', 'http://nothing-here.invalid/', 'DNS'],
  ])('%s', async (_what, url, reason) => {
    expect(await refusal(url)).toBe(reason);
  });

  it('a host name with one public and one private address is refused (every address is checked)', async () => {
    expect(await refusal('http://mixed.test/', { resolve: async () => ['93.184.216.34', '10.1.2.3'] })).toBe('PRIVATE_ADDRESS');
  });

  it('with allowPrivate, loopback is allowed but 0.0.0.0 and multicast stay refused', () => {
    expect(addressRefusal('127.0.0.1', true)).toBeNull();
    expect(addressRefusal('10.0.0.1', true)).toBeNull();
    expect(addressRefusal('0.0.0.0', true)).toMatch(/unspecified/);
    expect(addressRefusal('224.0.0.1', true)).toMatch(/multicast/);
    expect(addressRefusal('93.184.216.34')).toBeNull();
    expect(addressRefusal('2606:4700::1111')).toBeNull();
  });
});

describe('safeRequest against a real receiver (allowPrivate, as WEBHOOK_ALLOW_PRIVATE=true)', () => {
  it('connects to the address that was checked, not to what DNS says at connect time (no rebinding)', async () => {
    receiver().behave('/pinned', { status: 204 });
    // the name resolves (once, here) to the receiver's address; the connection uses that answer
    let lookups = 0;
    const port = new URL(receiver().url).port;
    const res = await safeRequest(`http://rebind.test:${port}/pinned`, {
      allowPrivate: true,
      resolve: async () => {
        lookups++;
        return ['127.0.0.1'];
      },
    });
    expect(res).toMatchObject({ status: 204, address: '127.0.0.1' });
    expect(lookups).toBe(1);
    expect(receiver().for('/pinned')[0].headers.host).toBe(`rebind.test:${port}`);
  });

  it('a redirect is not followed by default: the 3xx is the answer', async () => {
    receiver().behave('/moved', { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const res = await safeRequest(`${receiver().url}/moved`, { allowPrivate: true });
    expect(res.status).toBe(302);
  });

  it('a followed redirect is checked again: to a link-local (metadata) or loopback address it is refused', async () => {
    const port = new URL(receiver().url).port;
    receiver().behave('/to-metadata', { status: 302, headers: { location: 'http://metadata.test/latest/meta-data/' } });
    receiver().behave('/to-loopback', { status: 307, headers: { location: 'http://[::1]/admin' } });
    receiver().behave('/to-ok', { status: 301, headers: { location: '/final' } });
    receiver().behave('/final', { status: 200, body: 'arrived' });
    // the receiver's own address is allowed; everything else is checked as in production
    const opts = { allowPrivate: false, alsoAllow: ['127.0.0.1'], maxRedirects: 3, resolve: async (h: string) => (h === 'receiver.test' ? ['127.0.0.1'] : ['169.254.169.254']) };
    await expect(safeRequest(`http://receiver.test:${port}/to-metadata`, opts)).rejects.toMatchObject({ reason: 'PRIVATE_ADDRESS' });
    await expect(safeRequest(`http://receiver.test:${port}/to-loopback`, opts)).rejects.toMatchObject({ reason: 'PRIVATE_ADDRESS' });
    expect(await safeRequest(`http://receiver.test:${port}/to-ok`, opts)).toMatchObject({ status: 200, body: 'arrived' });
    await expect(safeRequest(`http://receiver.test:${port}/to-ok`, { ...opts, maxRedirects: 0 })).resolves.toMatchObject({ status: 301 });
  });

  it('the answer is capped at maxResponseBytes', async () => {
    receiver().behave('/big', { status: 200, body: 'x'.repeat(100_000) });
    const res = await safeRequest(`${receiver().url}/big`, { allowPrivate: true, maxResponseBytes: 1024 });
    expect(res.body.length).toBe(1024);
    expect(res.truncated).toBe(true);
  });

  it('a receiver that does not answer in time is given up on (the timeout)', async () => {
    receiver().behave('/slow', { status: 200, delayMs: 5000 });
    await expect(safeRequest(`${receiver().url}/slow`, { allowPrivate: true, timeoutMs: 300 })).rejects.toThrow(/timed out|abort/i);
  });
});
