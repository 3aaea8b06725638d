import { mount } from '@vue/test-utils';
import type { FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, deferred, settle } from '../testing/client';
import { queueItem, queueResult } from '../testing/moderation';
import { MODERATOR, viewerResult } from '../testing/thread';
import ModerationPage from './ModerationPage.vue';

/** The queue with a live event the test sends when it wants (the test link carries one per subscription). */
async function render(items: Array<ReturnType<typeof queueItem>>) {
  const event = deferred<FormattedExecutionResult>();
  let queue = items;
  const test = createTestClient({
    AppViewer: () => viewerResult(MODERATOR),
    ModerationQueuePage: () => queueResult(queue),
    ModerationQueueLive: () => event.promise,
  });
  const router = createTestRouter('/moderation');
  await router.isReady();
  const wrapper = mount(ModerationPage, { global: { plugins: [router], provide: test.provide } });
  await settle();
  const shown = () => wrapper.findAll('[data-testid="queue-item"]').map((el) => el.get('.prose').text());
  const count = () => wrapper.get('#tab-queue .tabs__count').text();
  const send = async (kind: 'ADDED' | 'UPDATED' | 'RESOLVED', item: ReturnType<typeof queueItem>) => {
    event.resolve({ data: { moderationQueue: { __typename: 'ModerationQueueEvent', kind, item } } });
    await settle();
  };
  return { wrapper, test, shown, count, send, setServerQueue: (next: typeof items) => (queue = next) };
}

describe('ModerationPage queue (live)', () => {
  it('subscribes to moderationQueue and puts an ADDED item on top', async () => {
    const { shown, count, send, test } = await render([queueItem('C1'), queueItem('C2')]);
    expect(test.calls.some((c) => c.operationName === 'ModerationQueueLive')).toBe(true);
    expect(shown()).toEqual(['Body of C1', 'Body of C2']);
    expect(count()).toBe('2');
    await send('ADDED', queueItem('C3', { pending: true, flagCount: 0, reasons: [], flags: [] }));
    expect(shown()).toEqual(['Body of C3', 'Body of C1', 'Body of C2']);
    expect(count()).toBe('3');
  });

  it('an UPDATED item is refreshed and moves to the top, without a duplicate', async () => {
    const { wrapper, shown, count, send } = await render([queueItem('C1'), queueItem('C2')]);
    const twice = queueItem('C2', { flagCount: 2, reasons: ['SPAM', 'ABUSE'] });
    await send('UPDATED', twice);
    expect(shown()).toEqual(['Body of C2', 'Body of C1']);
    expect(count()).toBe('2');
    expect(wrapper.findAll('[data-testid="queue-item"]')[0]!.text()).toContain('2 reports');
  });

  it('a RESOLVED item leaves the queue; Refresh still refetches', async () => {
    const { wrapper, shown, count, send, test, setServerQueue } = await render([queueItem('C1'), queueItem('C2')]);
    await send('RESOLVED', queueItem('C1'));
    expect(shown()).toEqual(['Body of C2']);
    expect(count()).toBe('1');
    setServerQueue([]);
    await wrapper.findAll('button').find((b) => b.text() === 'Refresh')!.trigger('click');
    await settle();
    expect(test.calls.filter((c) => c.operationName === 'ModerationQueuePage')).toHaveLength(2);
    expect(wrapper.text()).toContain('The queue is empty');
  });
});
