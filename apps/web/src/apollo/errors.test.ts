import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage, fieldErrors } from './errors';

describe('apollo/errors', () => {
  it('maps BAD_USER_INPUT errors to their field (extensions.field)', () => {
    const error = new CombinedGraphQLErrors({
      data: null,
      errors: [{ message: 'That handle is already taken.', extensions: { code: 'BAD_USER_INPUT', field: 'handle' } }],
    });
    expect(errorCode(error)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(error)).toEqual({ handle: 'That handle is already taken.' });
    expect(errorMessage(error)).toBe('That handle is already taken.');
  });

  it('reads validationErrors too', () => {
    const error = new CombinedGraphQLErrors({
      data: null,
      errors: [{ message: 'Invalid input.', extensions: { code: 'BAD_USER_INPUT', validationErrors: { title: ['too long'] } } }],
    });
    expect(fieldErrors(error)).toEqual({ title: 'too long' });
  });

  it('has no code or fields for non-GraphQL errors', () => {
    expect(errorCode(new Error('x'))).toBeUndefined();
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
