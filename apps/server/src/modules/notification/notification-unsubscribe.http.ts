import express, { type Express, type Request, type Response } from 'express';
import type { Db } from '../../db/data-source.js';
import { log } from '../../lib/logger.js';
import { escapeHtml } from '../search/search.snippet.js';
import { TOPIC_NAMES } from './notification-preferences.js';
import type { NotificationService } from './notification.service.js';


/**
 * The unsubscribe link of every notification mail, without signing in:
 * - `POST /unsubscribe?token=…` is RFC 8058's one-click (mail clients post
 *   `List-Unsubscribe=One-Click`) and the confirm button's form: the mail's topics become NEVER, 200.
 * - `GET /unsubscribe?token=…` only shows what the link would do and a confirm button:
 *   link scanners and previews follow GETs, which must not change anything.
 * A token with a bad signature is a 400 page and changes nothing. Pages are plain HTML (no
 * script), styled by /unsubscribe.css under the app's Content-Security-Policy.
 */
export function mountUnsubscribe(app: Express, db: Db, notifications: NotificationService): void {
  app.get('/unsubscribe.css', (_req, res) => {
    res.type('css').setHeader('cache-control', 'public, max-age=3600').send(CSS);
  });
  app.get('/unsubscribe', async (req, res) => {
    await answer(res, async () => {
      const claim = await notifications.unsubscribeTokens?.verify(req.query.token);
      const user = claim && (await handleOf(db, claim.userId));
      if (!claim || !user) return invalid(res);
      const what = claim.topics.map((t) => TOPIC_NAMES[t]).join(' and ');
      res.status(200).send(
        page(
          'Unsubscribe',
          `<h1>Stop these emails?</h1>
           <p>No more email about <strong>${escapeHtml(what)}</strong> to @${escapeHtml(user)}. You still see these notifications on the site.</p>
           <form method="post" action="/unsubscribe">
             <input type="hidden" name="token" value="${escapeHtml(String(req.query.token))}">
             <button type="submit">Unsubscribe</button>
           </form>
           <p class="muted">Changed your mind? Keep the emails by closing this page. <a href="/account#email-notifications">All email settings</a></p>`,
        ),
      );
    });
  });
  app.post('/unsubscribe', express.urlencoded({ extended: false, limit: '4kb' }), async (req: Request, res: Response) => {
    await answer(res, async () => {
      const token = req.query.token ?? (req.body as Record<string, unknown> | undefined)?.token;
      const claim = await notifications.unsubscribeTokens?.verify(token);
      if (!claim || !(await handleOf(db, claim.userId))) return invalid(res);
      await notifications.preferences.unsubscribe(claim.userId, claim.topics);
      const what = claim.topics.map((t) => TOPIC_NAMES[t]).join(' and ');
      res.status(200).send(
        page(
          'Unsubscribed',
          `<h1>You are unsubscribed</h1>
           <p>You will get no more email about <strong>${escapeHtml(what)}</strong>.</p>
           <p class="muted">Change it back any time in your <a href="/account#email-notifications">email settings</a>.</p>`,
        ),
      );
    });
  });
}

async function handleOf(db: Db, userId: string): Promise<string | null> {
  const [row]: Array<{ handle: string }> = await db.query('select handle from users where id = $1', [userId]);
  return row?.handle ?? null;
}

function invalid(res: Response) {
  res.status(400).send(
    page(
      'Invalid unsubscribe link',
      `<h1>This unsubscribe link is not valid</h1>
       <p>The link may have been cut or changed. Nothing was changed.</p>
       <p>Copy the whole link from the email again, or sign in and change your <a href="/account#email-notifications">email settings</a>.</p>`,
    ),
  );
}

async function answer(res: Response, work: () => Promise<void>) {
  res.type('html').setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer'); // the token stays out of Referer headers
  try {
    await work();
  } catch (err) {
    log().error({ err }, 'unsubscribe failed');
    res.status(500).send(page('Something went wrong', '<h1>Something went wrong</h1><p>Nothing was changed. Please try again in a minute.</p>'));
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/unsubscribe.css"></head>
<body><main class="card">${body}<p class="home"><a href="/">Back to the help center</a></p></main></body></html>`;
}

const CSS = `body{margin:0;padding:48px 16px;background:#f6f7f9;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827}
.card{max-width:520px;margin:0 auto;padding:32px;background:#fff;border:1px solid #e5e7eb;border-radius:12px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{margin:0 0 12px;font-size:22px;line-height:1.3}
p{margin:0 0 16px}
.muted{color:#6b7280;font-size:14px}
.home{margin:24px 0 0;font-size:14px}
a{color:#2563eb}
button{font:inherit;font-weight:600;padding:10px 20px;border:0;border-radius:8px;background:#2563eb;color:#fff;cursor:pointer}
button:hover{background:#1d4ed8}
button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
@media (max-width:480px){body{padding:16px 12px}.card{padding:20px}button{width:100%;min-height:44px}}`;
