import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { claimPendingAction, PENDING_MAX_AGE_MS, savePendingAction, takePendingAction, type PendingAction } from './usePendingAction';
import { safeRedirect } from './useRedirectTarget';

const isVote = (a: PendingAction): a is Extract<PendingAction, { kind: 'article-vote' }> => a.kind === 'article-vote';
const VOTE: PendingAction = { kind: 'article-vote', articleId: 'A1', helpful: true };
const BACK = '/articles/x#helpful';

describe('pending action', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => vi.useRealTimers());

  it('is kept in sessionStorage and taken once, by the account that signed in through its redirect', () => {
    savePendingAction(VOTE, BACK);
    expect(takePendingAction('U1', isVote)).toBeNull(); // nobody signed in yet
    claimPendingAction(BACK, 'U1');
    expect(takePendingAction('U1', isVote)).toEqual(VOTE);
    expect(takePendingAction('U1', isVote)).toBeNull();
  });

  it('is dropped for another account', () => {
    savePendingAction(VOTE, BACK);
    claimPendingAction(BACK, 'U1');
    expect(takePendingAction('U2', isVote)).toBeNull();
    expect(takePendingAction('U1', isVote)).toBeNull();
  });

  it('is dropped when the sign-in went elsewhere, or a second sign-in claims it', () => {
    savePendingAction(VOTE, BACK);
    claimPendingAction('/account', 'U1');
    expect(sessionStorage.length).toBe(0);
    savePendingAction(VOTE, BACK);
    claimPendingAction(BACK, 'U1');
    claimPendingAction(BACK, 'U2');
    expect(takePendingAction('U2', isVote)).toBeNull();
  });

  it('expires', () => {
    vi.useFakeTimers();
    savePendingAction(VOTE, BACK);
    claimPendingAction(BACK, 'U1');
    vi.advanceTimersByTime(PENDING_MAX_AGE_MS + 1);
    expect(takePendingAction('U1', isVote)).toBeNull();
  });

  it('survives garbage in storage', () => {
    sessionStorage.setItem('atrium.pendingAction', '{not json');
    expect(takePendingAction('U1', isVote)).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/articles/x#comment-1', '/articles/x#comment-1'],
    ['/search?q=a%20b', '/search?q=a%20b'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/a\nb', '/'],
    [undefined, '/'],
    [['/a'], '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
