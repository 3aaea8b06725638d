import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

/** One message as the SMTP server received it, parsed by mailparser. */
export interface ReceivedMail {
  /** SMTP envelope recipients (lower case). */
  to: string[];
  /** SMTP envelope sender. */
  envelopeFrom: string;
  /** The From header as text, e.g. `Atrium <no-reply@localhost>`. */
  from: string;
  subject: string;
  text: string;
  /** The HTML part ('' when none). */
  html: string;
  /** Every header line as sent, lower-case key → raw line(s) (e.g. headers['list-unsubscribe']). */
  headers: Record<string, string[]>;
  /** The message as it came over the wire. */
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

export interface MailServerOptions {
  /** Credentials the server requires (SMTP AUTH); unset: no authentication. */
  auth?: { user: string; pass: string };
}

export interface WaitOptions {
  /** Milliseconds before the wait fails (default 10 s). */
  timeoutMs?: number;
}

/**
 * A real SMTP server for tests (npm smtp-server on a free port of 127.0.0.1). Every message
 * is parsed with mailparser. Start the app with `smtpUrl: mailbox.url`.
 *
 *   const mailbox = await startMailServer();
 *   const mail = await mailbox.next({ to: 'ada@example.com' });
 *   await mailbox.stop(); … await mailbox.start();   // an outage, same port
 *   mailbox.refuse('bounce@example.com');            // 550 for this recipient
 *   await mailbox.close();
 */
export class TestMailServer {
  private server: SMTPServer | null = null;
  private readonly received: ReceivedMail[] = [];
  /** Mails already handed out by next(). */
  private readonly taken = new Set<ReceivedMail>();
  private readonly waiters = new Set<() => void>();
  private readonly refused = new Map<string, number>();
  /** Messages whose DATA was accepted (counted before parsing finishes). */
  accepted = 0;

  private constructor(
    readonly port: number,
    private readonly opts: MailServerOptions,
  ) {}

  static async start(opts: MailServerOptions = {}): Promise<TestMailServer> {
    const server = new TestMailServer(await freePort(), opts);
    await server.start();
    return server;
  }

  /** The SMTP_URL of this server (with the credentials when it requires some). */
  get url(): string {
    const { auth } = this.opts;
    const cred = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
    return `smtp://${cred}127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return this.server !== null;
  }

  /** Listens (again) on the same port. */
  async start(): Promise<void> {
    if (this.server) return;
    const { auth } = this.opts;
    const server = new SMTPServer({
      // plain SMTP on loopback: the test server does not offer STARTTLS (nodemailer would use it)
      hideSTARTTLS: true,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !auth,
      closeTimeout: 100,
      logger: false,
      onAuth: (a, _session, cb) =>
        a.username === auth?.user && a.password === auth?.pass ? cb(null, { user: a.username }) : cb(new Error('bad credentials')),
      onRcptTo: (address: SMTPServerAddress, _session, cb) => {
        const code = this.refused.get(address.address.toLowerCase());
        if (code) return cb(Object.assign(new Error(`${address.address}: mailbox unavailable`), { responseCode: code }));
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.accepted++;
          const raw = Buffer.concat(chunks).toString('utf8');
          // the session's envelope is reset for the next message once DATA is answered
          const envelope = { mailFrom: session.envelope.mailFrom, rcptTo: [...session.envelope.rcptTo] };
          cb();
          simpleParser(raw).then(
            (parsed) => this.add(raw, parsed, envelope),
            (err) => console.error('test mail server: could not parse a message', err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => {}); // a client going away mid-session is not a test failure
    this.server = server;
  }

  /** Stops listening (an outage): connections are refused until start(). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Stops for good. */
  async close(): Promise<void> {
    await this.stop();
    for (const w of this.waiters) w();
  }

  /** Answers RCPT TO for this address with `code` (default 550: a permanent failure); code 0 accepts again. */
  refuse(address: string, code = 550): void {
    if (code) this.refused.set(address.toLowerCase(), code);
    else this.refused.delete(address.toLowerCase());
  }

  /** Every mail received so far, oldest first. */
  all(): ReceivedMail[] {
    return [...this.received];
  }

  /** Mails received for this address. */
  for(to: string): ReceivedMail[] {
    const want = to.toLowerCase();
    return this.received.filter((m) => m.to.includes(want));
  }

  /** Forgets what was received. */
  clear(): void {
    this.received.length = 0;
    this.taken.clear();
    this.accepted = 0;
  }

  /** The oldest mail (for `to`, when given) not yet returned by next(); waits for one. */
  async next(filter: { to?: string } & WaitOptions = {}): Promise<ReceivedMail> {
    const want = filter.to?.toLowerCase();
    const mail = await this.waitFor((m) => !this.taken.has(m) && (!want || m.to.includes(want)), {
      timeoutMs: filter.timeoutMs,
      what: want ? `a mail to ${want}` : 'a mail',
    });
    this.taken.add(mail);
    return mail;
  }

  /** The first received mail that matches; waits until one arrives or the timeout. */
  waitFor(predicate: (m: ReceivedMail) => boolean, opts: WaitOptions & { what?: string } = {}): Promise<ReceivedMail> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.received.find(predicate);
        if (!hit) return false;
        done();
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        const got = this.received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ') || '(nothing)';
        reject(new Error(`test mail server: no ${opts.what ?? 'matching mail'} within ${timeoutMs} ms; received:\n  ${got}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (check()) return;
      this.waiters.add(waiter);
    });
  }

  /** Waits until `n` mails in all were received (and parsed). */
  async waitForCount(n: number, opts: WaitOptions = {}): Promise<ReceivedMail[]> {
    await this.waitFor(() => this.received.length >= n, { ...opts, what: `${n} mails` });
    return this.all();
  }

  private add(raw: string, parsed: ParsedMail, envelope: { mailFrom: SMTPServerAddress | false; rcptTo: SMTPServerAddress[] }): void {
    const headers: Record<string, string[]> = {};
    for (const { key, line } of parsed.headerLines) (headers[key] ??= []).push(line);
    this.received.push({
      to: envelope.rcptTo.map((r) => r.address.toLowerCase()),
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
      from: parsed.from?.text ?? '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers,
      raw,
      parsed,
      receivedAt: new Date(),
    });
    for (const w of [...this.waiters]) w();
  }
}

export function startMailServer(opts: MailServerOptions = {}): Promise<TestMailServer> {
  return TestMailServer.start(opts);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/**
 * A test SMTP server for the test file: started in beforeAll (call this BEFORE useTestApp),
 * closed in afterAll. Start the app with `useTestApp(() => ({ smtpUrl: mailbox().url }))`.
 */
export function useMailServer(opts: MailServerOptions = {}): () => TestMailServer {
  let server: TestMailServer | null = null;
  beforeAll(async () => {
    server = await startMailServer(opts);
  });
  afterAll(async () => {
    await server?.close();
    server = null;
  });
  return () => {
    if (!server) throw new Error('the test mail server is not started (call useMailServer at the top of the file)');
    return server;
  };
}
