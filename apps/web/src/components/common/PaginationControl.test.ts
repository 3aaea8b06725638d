import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PaginationControl from './PaginationControl.vue';

describe('PaginationControl', () => {
  it('shows how many are on screen and loads the next page after the end cursor', async () => {
    const wrapper = mount(PaginationControl, {
      props: { pageInfo: { hasNextPage: true, endCursor: 'c10' }, shown: 10, totalCount: 45 },
    });
    expect(wrapper.text()).toContain('Showing 10 of 45 articles');
    const button = wrapper.get('button');
    expect(button.text()).toBe('Load more (35 more)');
    await button.trigger('click');
    expect(wrapper.emitted('loadMore')).toEqual([['c10']]);
  });

  it('has no button on the last page', () => {
    const wrapper = mount(PaginationControl, {
      props: { pageInfo: { hasNextPage: false, endCursor: 'c45' }, shown: 45, totalCount: 45 },
    });
    expect(wrapper.text()).toContain('Showing 45 of 45 articles');
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('announces loading and ignores clicks while a page is on its way', async () => {
    const wrapper = mount(PaginationControl, {
      props: { pageInfo: { hasNextPage: true, endCursor: 'c10' }, shown: 10, totalCount: 11, loading: true, noun: 'token' },
    });
    const button = wrapper.get('button');
    expect(button.attributes('aria-busy')).toBe('true');
    expect(button.text()).toContain('Loading…');
    await button.trigger('click');
    expect(wrapper.emitted('loadMore')).toBeUndefined();
    expect(wrapper.text()).toContain('Showing 10 of 11 tokens');
  });

  it('uses the singular for one item', () => {
    const wrapper = mount(PaginationControl, {
      props: { pageInfo: { hasNextPage: false, endCursor: null }, shown: 1, totalCount: 1 },
    });
    expect(wrapper.text()).toContain('Showing 1 of 1 article');
    expect(wrapper.text()).not.toContain('articles');
  });
});
