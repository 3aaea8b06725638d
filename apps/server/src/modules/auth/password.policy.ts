import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { BadUserInputError } from '../../graphql/errors.js';

/**
 * Which passwords an account may set (NIST SP 800-63B): 8..256 characters of anything
 * (spaces and any Unicode included, no composition rules), not only whitespace, and not
 * guessable: the zxcvbn-ts estimator, with its common-password, English and keyboard-pattern
 * dictionaries and the account's own handle, email and display name as user inputs, must
 * score it at least MIN_SCORE.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's 3: "safely unguessable", about 10^8..10^10 guesses. */
export const MIN_SCORE = 3;

/*
 * The estimator's cost grows with the length it inspects (a 256-character password took up
 * to 2 s, l33t substitutions most of it); its first 64 characters with at most 8 l33t
 * substitutions cost ≤ 40 ms, and a password whose first 64 characters are strong is strong.
 */
const ESTIMATOR_OPTIONS = { maxLength: 64, l33tMaxSubstitutions: 8 } as const;

/** The dictionaries (a few MB) load on the first password check, not at start. */
let estimator: Promise<ZxcvbnFactory> | null = null;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      ...ESTIMATOR_OPTIONS,
    });
  })().catch((err: unknown) => {
    estimator = null;
    throw err;
  });
  return estimator;
}

/** What the account's password is checked against besides the dictionaries. */
export interface PasswordContext {
  handle?: string | null;
  email?: string | null;
  displayName?: string | null;
}

function userInputs(context: PasswordContext): string[] {
  const inputs = new Set<string>();
  for (const value of [context.handle, context.displayName, context.email]) {
    const v = value?.trim().toLowerCase();
    if (!v) continue;
    inputs.add(v);
    for (const part of v.split(/[\s@._+-]+/)) if (part.length >= 3) inputs.add(part);
  }
  return [...inputs];
}

/**
 * Throws BAD_USER_INPUT (`extensions.field = 'password'`, and for a guessable one the
 * estimator's `warning`, `suggestions` and `score`) unless the password may be set.
 */
export async function assertAcceptablePassword(password: string, context: PasswordContext, field = 'password'): Promise<void> {
  const length = [...password].length; // characters, not UTF-16 units
  if (length < PASSWORD_MIN_LENGTH) {
    throw new BadUserInputError(`The password must be at least ${PASSWORD_MIN_LENGTH} characters.`, { field });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new BadUserInputError(`The password must be at most ${PASSWORD_MAX_LENGTH} characters.`, { field });
  }
  if (!password.trim()) throw new BadUserInputError('The password cannot be only spaces.', { field });
  const result = (await loadEstimator()).check(password, userInputs(context));
  if (result.score >= MIN_SCORE) return;
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter(Boolean).join(' ');
  throw new BadUserInputError(
    `This password is too easy to guess.${advice ? ` ${advice}` : ''} A few uncommon words or a password manager's random password work well.`,
    { field, warning: warning ?? null, suggestions, score: result.score, minScore: MIN_SCORE },
  );
}
