import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { mailPreviewDocument } from '../../lib/mail-preview';
import { createTestRouter } from '../../testing/client';
import OutboxMailRow from './OutboxMailRow.vue';
import OutboxMailView from './OutboxMailView.vue';

const HOSTILE = `<p onclick="alert(1)">Hi <b>there</b></p><script>alert(2)</script><style>body{display:none}</style>
<img src="http://tracker.example/p.gif" alt="logo"><img src="https://cdn.example/ok.png"><a href="javascript:alert(3)">x</a><a href="https://atrium.example/r">reset</a>
<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="p"></form>`;

const mail = (over: Record<string, unknown> = {}) => ({
  __typename: 'Mail' as const,
  id: 'M1',
  kind: 'PASSWORD_RESET',
  to: 'ada@example.com',
  subject: 'Reset your password',
  text: 'Open https://atrium.example/r to reset.',
  html: HOSTILE,
  status: 'KEPT' as const,
  attempts: 0,
  lastError: 'kept in the outbox, no SMTP server configured',
  createdAt: '2025-01-02T03:04:05Z',
  sentAt: null,
  nextAttemptAt: null,
  addressFailedAt: null,
  ...over,
});

describe('mailPreviewDocument', () => {
  it('drops scripts, styles, frames, forms, handlers, javascript: links and non-https images; keeps the text and https links', () => {
    const doc = mailPreviewDocument(HOSTILE);
    expect(doc).toContain('Hi <b>there</b>');
    expect(doc).not.toMatch(/<script|<style|<iframe|<form|onclick|javascript:|tracker\.example/i);
    expect(doc).toContain('[logo]');
    expect(doc).toContain('https://cdn.example/ok.png');
    expect(doc).toMatch(/<a href="https:\/\/atrium\.example\/r" target="_blank">reset<\/a>/);
  });
});

describe('OutboxMailView', () => {
  it('shows the HTML in a frame with an empty sandbox (srcdoc of the cleaned copy), the text and the source on demand', async () => {
    const wrapper = mount(OutboxMailView, { props: { mail: mail(), canRetry: false } });
    const frame = wrapper.get('[data-testid="mail-html"]');
    expect(frame.attributes('sandbox')).toBe('');
    expect(frame.attributes('srcdoc')).toContain('Hi <b>there</b>');
    expect(frame.attributes('srcdoc')).not.toContain('<script');
    expect(wrapper.text()).toContain('kept in the outbox, no SMTP server configured');
    expect(wrapper.find('[data-testid="mail-retry"]').exists()).toBe(false);
    await wrapper.findAll('button').find((b) => b.text() === 'Text')!.trigger('click');
    expect(wrapper.get('[data-testid="mail-text"]').text()).toBe('Open https://atrium.example/r to reset.');
    await wrapper.findAll('button').find((b) => b.text() === 'HTML source')!.trigger('click');
    // as text: the markup is shown, never parsed
    expect(wrapper.get('[data-testid="mail-source"]').text()).toContain('<script>alert(2)</script>');
    expect(wrapper.find('script').exists()).toBe(false);
  });

  it('marks a failed address and offers to send again', async () => {
    const wrapper = mount(OutboxMailView, {
      props: { mail: mail({ status: 'FAILED', attempts: 1, lastError: '550 mailbox unavailable', addressFailedAt: '2025-01-02T03:05:00Z' }), canRetry: true },
    });
    expect(wrapper.get('[data-testid="mail-to"]').classes()).toContain('mail-view__failed');
    expect(wrapper.get('[data-testid="mail-to"]').text()).toContain('address failed');
    expect(wrapper.get('[data-testid="mail-error"]').text()).toBe('550 mailbox unavailable');
    expect(wrapper.get('[data-testid="mail-status"]').text()).toBe('Failed');
    await wrapper.get('[data-testid="mail-retry"]').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
  });
});

describe('OutboxMailRow', () => {
  it('links to the mail and highlights a failed address', async () => {
    const router = createTestRouter('/outbox');
    router.addRoute({ path: '/outbox/:id', name: 'outbox-mail', component: { template: '<div/>' } });
    await router.isReady();
    const wrapper = mount(OutboxMailRow, { props: { mail: mail({ status: 'FAILED', addressFailedAt: '2025-01-02T03:05:00Z' }) }, global: { plugins: [router] } });
    expect(wrapper.get('a').attributes('href')).toBe('/outbox/M1');
    expect(wrapper.get('[data-testid="address-failed"]').text()).toBe('address failed');
    expect(wrapper.get('[data-testid="outbox-row-to"]').text()).toBe('ada@example.com');
  });
});
