import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { linkProblem, tokenOf } from './accountLinks';

const error = (extensions: Record<string, unknown>, message = 'm') => new CombinedGraphQLErrors({ errors: [{ message, extensions }] });

describe('linkProblem', () => {
  it.each([
    ['TOKEN_EXPIRED', 'This link has expired'],
    ['TOKEN_USED', 'This link was already used'],
    ['TOKEN_INVALID', 'This link doesn’t work'],
    ['TOKEN_OTHER_ACCOUNT', 'This link is for another account'],
  ])('names %s', (reason, title) => {
    expect(linkProblem(error({ code: 'BAD_USER_INPUT', field: 'token', reason }, 'why'))).toEqual({ reason, title, message: 'why' });
  });

  it('leaves other errors (a refused password) to the form', () => {
    expect(linkProblem(error({ code: 'BAD_USER_INPUT', field: 'password' }))).toBeNull();
    expect(linkProblem(new Error('network'))).toBeNull();
  });

  it('reads the token parameter', () => {
    expect(tokenOf({ token: ' abc ' })).toBe('abc');
    expect(tokenOf({ token: ['x', 'y'] })).toBe('x');
    expect(tokenOf({})).toBe('');
  });
});
