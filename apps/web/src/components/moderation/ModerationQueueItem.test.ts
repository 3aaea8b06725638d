import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import { queueItem } from '../../testing/moderation';
import { commentNode } from '../../testing/thread';
import ModerationQueueItem from './ModerationQueueItem.vue';

const payload = (field: string, id: string, over: Record<string, unknown>) => ({
  data: { [field]: { __typename: 'CommentPayload', comment: { ...commentNode({ id }), viewerCanModerate: true, ...over } } },
});

async function render(item: ReturnType<typeof queueItem>, handlers: Parameters<typeof createTestClient>[0] = {}) {
  const test = createTestClient({
    WebApproveComment: (v) => payload('approveComment', (v.input as { commentId: string }).commentId, { status: 'PUBLISHED' }),
    WebRejectComment: (v) => payload('rejectComment', (v.input as { commentId: string }).commentId, { status: 'REJECTED' }),
    WebHideComment: (v) => payload('hideComment', (v.input as { commentId: string }).commentId, { status: 'HIDDEN', hideReason: 'ABUSE' }),
    ...handlers,
  });
  const router = createTestRouter('/moderation');
  await router.isReady();
  const wrapper = mount(ModerationQueueItem, { props: { item }, global: { plugins: [router], provide: test.provide } });
  const button = (label: string) => wrapper.findAll('button').find((b) => b.text() === label)!;
  const sent = (name: string) => test.calls.filter((c) => c.operationName === name).map((c) => c.variables.input);
  return { wrapper, test, button, sent };
}

describe('ModerationQueueItem', () => {
  it('shows who wrote what where, the reports and their reasons', async () => {
    const { wrapper } = await render(queueItem('C1'));
    expect(wrapper.text()).toContain('Bea Writer');
    expect(wrapper.get('a').attributes('href')).toBe('/articles/reset-password#comment-C1');
    expect(wrapper.text()).toContain('1 report');
    expect(wrapper.text()).toContain('Rita Reporter: Spam or advertising — “Link farm”');
  });

  it('Approve (a comment held for approval) calls approveComment and reports back', async () => {
    const { wrapper, button, sent } = await render(queueItem('C1', { pending: true, flagCount: 0, reasons: [], flags: [] }));
    expect(button('Hide')).toBeUndefined();
    await button('Approve').trigger('click');
    await settle();
    expect(sent('WebApproveComment')).toEqual([{ commentId: 'C1' }]);
    expect(sent('WebRejectComment')).toEqual([]);
    expect(wrapper.emitted('resolved')).toEqual([['Comment approved.']]);
  });

  it('Hide calls hideComment with the chosen reason', async () => {
    const { wrapper, button, sent } = await render(queueItem('C2'));
    expect(button('Approve')).toBeUndefined();
    // Preselected from the reports' reason.
    expect((wrapper.get('select').element as HTMLSelectElement).value).toBe('SPAM');
    await wrapper.get('select').setValue('ABUSE');
    await button('Hide').trigger('click');
    await settle();
    expect(sent('WebHideComment')).toEqual([{ commentId: 'C2', reason: 'ABUSE' }]);
    expect(wrapper.emitted('resolved')).toEqual([['Comment hidden.']]);
  });

  it('shows the server’s refusal and stays in the queue', async () => {
    const { wrapper, button } = await render(queueItem('C3'), {
      WebHideComment: () => ({ errors: [{ message: 'Only moderators can do that.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    await button('Hide').trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('Only moderators can do that.');
    expect(wrapper.emitted('resolved')).toBeUndefined();
    expect(button('Hide').attributes('disabled')).toBeUndefined();
  });
});
