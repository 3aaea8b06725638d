import { CombinedGraphQLErrors } from '@apollo/client';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ErrorState from './ErrorState.vue';

function graphQLError(message: string, extensions: Record<string, unknown>) {
  return new CombinedGraphQLErrors({ data: null, errors: [{ message, extensions }] });
}

describe('ErrorState', () => {
  it('is an alert with a friendly message, the error code and a retry button', async () => {
    const wrapper = mount(ErrorState, { props: { error: graphQLError('article', { code: 'NOT_FOUND' }) } });
    expect(wrapper.attributes('role')).toBe('alert');
    expect(wrapper.text()).toContain('We couldn’t find what you were looking for.');
    expect(wrapper.text()).toContain('Error code: NOT_FOUND');
    await wrapper.get('button').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
  });

  it('tells rate-limited readers when to retry', () => {
    const wrapper = mount(ErrorState, { props: { error: graphQLError('Too many requests', { code: 'RATE_LIMITED', retryAfter: 12 }) } });
    expect(wrapper.text()).toContain('retry in 12 s');
  });

  it('does not leak internal messages or show a code for server errors', () => {
    const wrapper = mount(ErrorState, { props: { error: graphQLError('Internal server error', { code: 'INTERNAL_SERVER_ERROR' }) } });
    expect(wrapper.text()).toContain('Something went wrong on our side.');
    expect(wrapper.text()).not.toContain('Error code');
  });

  it('explains network failures', () => {
    const wrapper = mount(ErrorState, { props: { error: new TypeError('Failed to fetch'), retry: false } });
    expect(wrapper.text()).toContain('We couldn’t reach the server.');
    expect(wrapper.find('button').exists()).toBe(false);
  });
});
