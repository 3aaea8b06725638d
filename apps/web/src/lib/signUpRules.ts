/**
 * The server's sign-up rules (apps/server auth.service SignUp + password.policy), checked in the
 * form before sending so a reader learns at once what the server would refuse. The server stays
 * the judge: what only it can tell (a guessable password, a taken handle) comes back from it and
 * is shown next to the same field.
 */
export interface SignUpForm {
  displayName: string;
  handle: string;
  email: string;
  password: string;
}

export const DISPLAY_NAME_MAX = 80;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
const HANDLE = /^[a-z0-9_-]{3,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The message for a field that breaks a rule, or '' when it passes. */
export function signUpFieldError(field: keyof SignUpForm, form: SignUpForm): string {
  switch (field) {
    case 'displayName': {
      const v = form.displayName.trim();
      if (!v) return 'Enter your name.';
      return v.length > DISPLAY_NAME_MAX ? `Your name can be at most ${DISPLAY_NAME_MAX} characters.` : '';
    }
    case 'handle':
      return HANDLE.test(form.handle.trim().toLowerCase()) ? '' : 'Use 3–30 letters, digits, _ or -.';
    case 'email': {
      const v = form.email.trim();
      if (!v) return 'Enter your email address.';
      if (v.length > EMAIL_MAX) return `An email address is at most ${EMAIL_MAX} characters.`;
      return EMAIL.test(v) ? '' : 'Enter an email address like name@example.com.';
    }
    case 'password': {
      const length = [...form.password].length; // characters, as the server counts them
      if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
      if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
      return form.password.trim() ? '' : 'The password cannot be only spaces.';
    }
  }
}
