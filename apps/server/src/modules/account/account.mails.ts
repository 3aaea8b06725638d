import type { OutgoingMail } from '../mail/mail.service.js';

/**
 * The account mails (verification, password reset, notices of changes): a few short
 * paragraphs and at most one link, as plain text and as HTML. Every value put into the HTML
 * part is escaped; links are absolute (config.publicUrl).
 */
export type AccountMailKind =
  | 'VERIFY_EMAIL'
  | 'PASSWORD_RESET'
  | 'PASSWORD_CHANGED'
  | 'EMAIL_CHANGE_REQUESTED'
  | 'ADDRESS_ALREADY_REGISTERED';

interface Letter {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Said after the link: what to do when the mail was not expected. */
  footer: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(letter: Letter): { text: string; html: string } {
  const { greeting, paragraphs, action, footer } = letter;
  const text = [greeting, ...paragraphs, ...(action ? [`${action.label}:\n${action.url}`] : []), footer].join('\n\n') + '\n';
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#2454d6;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Or copy this link into your browser: <a href="${escapeHtml(action.url)}">${escapeHtml(action.url)}</a></p>`
    : '';
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:15px;line-height:1.5;color:#1f2328">` +
    `<div style="max-width:560px;margin:0 auto">${p(greeting)}${paragraphs.map(p).join('')}${button}` +
    `<p style="margin:24px 0 0;font-size:13px;color:#555">${escapeHtml(footer)}</p></div></body></html>`;
  return { text, html };
}

function letter(kind: AccountMailKind, to: string, dedupeKey: string, userId: string | null, l: Letter): OutgoingMail {
  return { to, kind, dedupeKey, userId, subject: l.subject, ...render(l) };
}

const NOT_YOU_RESET = 'If this was not you, someone may know your password: reset it from the sign-in page.';

export interface Recipient {
  userId: string;
  displayName: string;
  email: string;
}

export const accountMails = {
  verifyEmail(r: Recipient, url: string, dedupeKey: string, isChange: boolean): OutgoingMail {
    return letter('VERIFY_EMAIL', r.email, dedupeKey, r.userId, {
      subject: 'Confirm your email address',
      greeting: `Hello ${r.displayName},`,
      paragraphs: [
        isChange
          ? `You asked to use ${r.email} for your account. It takes the place of your current address once you confirm it.`
          : `Welcome! Confirm that ${r.email} is your address to start commenting. The link works for 7 days.`,
      ],
      action: { label: 'Confirm my email address', url },
      footer: 'If you did not ask for this, ignore this mail: nothing changes.',
    });
  },

  passwordReset(r: Recipient, url: string, dedupeKey: string): OutgoingMail {
    return letter('PASSWORD_RESET', r.email, dedupeKey, r.userId, {
      subject: 'Reset your password',
      greeting: `Hello ${r.displayName},`,
      paragraphs: [
        'Someone (hopefully you) asked to set a new password for your account. The link works once, for one hour; asking again replaces it.',
        'Setting a new password signs you out on every device and revokes your API tokens.',
      ],
      action: { label: 'Choose a new password', url },
      footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
    });
  },

  passwordChanged(r: Recipient, dedupeKey: string, how: 'reset' | 'change', signInUrl: string): OutgoingMail {
    return letter('PASSWORD_CHANGED', r.email, dedupeKey, r.userId, {
      subject: 'Your password was changed',
      greeting: `Hello ${r.displayName},`,
      paragraphs: [
        how === 'reset'
          ? 'The password of your account was just set through a reset link. Every other session and API token was ended.'
          : 'The password of your account was just changed from your account page. Your other sessions were signed out.',
      ],
      action: { label: 'Sign in', url: signInUrl },
      footer: NOT_YOU_RESET,
    });
  },

  emailChangeRequested(r: Recipient, newEmail: string, dedupeKey: string): OutgoingMail {
    return letter('EMAIL_CHANGE_REQUESTED', r.email, dedupeKey, r.userId, {
      subject: 'A new email address was asked for your account',
      greeting: `Hello ${r.displayName},`,
      paragraphs: [
        `Someone signed in to your account asked to use ${newEmail} instead of this address. The change takes effect only once it is confirmed from the new address; until then mail keeps coming here.`,
      ],
      footer: NOT_YOU_RESET,
    });
  },

  /** To the owner of an address someone else tried to register (the other person is told nothing). */
  addressAlreadyRegistered(to: string, ownerId: string | null, dedupeKey: string, forgotUrl: string, why: 'sign-up' | 'email-change'): OutgoingMail {
    return letter('ADDRESS_ALREADY_REGISTERED', to, dedupeKey, ownerId, {
      subject: 'Someone tried to use your email address',
      greeting: 'Hello,',
      paragraphs: [
        why === 'sign-up'
          ? 'Someone tried to create an account with this address, which already belongs to your account. No account got your address.'
          : 'Someone asked to move another account to this address, which already belongs to your account. Nothing changed.',
        'If it was you and you forgot your password, you can set a new one.',
      ],
      action: { label: 'Reset my password', url: forgotUrl },
      footer: 'If it was not you, you need not do anything.',
    });
  },
};
