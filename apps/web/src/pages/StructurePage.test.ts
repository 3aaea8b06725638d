import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../testing/client';
import StructurePage from './StructurePage.vue';

const section = (id: string, name: string, articleCount: number, position: number) => ({
  __typename: 'Section',
  id,
  slug: name.toLowerCase(),
  name,
  description: null,
  position,
  articleCount,
});

const structure = () => ({
  data: {
    categories: [
      {
        __typename: 'Category',
        id: 'C1',
        slug: 'account',
        name: 'Account',
        description: 'Your account',
        position: 0,
        sections: [section('S1', 'Billing', 3, 0), section('S2', 'Profile', 0, 1)],
      },
      { __typename: 'Category', id: 'C2', slug: 'product', name: 'Product', description: null, position: 1, sections: [section('S3', 'Guides', 1, 0)] },
    ],
  },
});

async function render(handlers: Parameters<typeof createTestClient>[0] = {}) {
  const test = createTestClient({ StructurePage: structure, ...handlers });
  const router = createTestRouter('/structure');
  await router.isReady();
  const wrapper = mount(StructurePage, { global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await settle();
  return { wrapper, test };
}

const button = (wrapper: Awaited<ReturnType<typeof render>>['wrapper'], label: string) =>
  wrapper.findAll('button').find((b) => b.attributes('aria-label') === label || b.text() === label)!;

describe('StructurePage', () => {
  it('lists categories and their sections with article counts and accessible reorder buttons', async () => {
    const { wrapper } = await render();
    expect(wrapper.findAll('[data-testid="structure-category"]')).toHaveLength(2);
    expect(wrapper.text()).toContain('/categories/account');
    expect(wrapper.text()).toContain('3 articles');
    expect(button(wrapper, 'Move Account up').attributes('disabled')).toBeDefined();
    expect(button(wrapper, 'Move Product down').attributes('disabled')).toBeDefined();
    expect(button(wrapper, 'Move Billing up').attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });

  it('moves a section down by sending the complete new order, then refetches', async () => {
    const { wrapper, test } = await render({
      ReorderSections: () => ({ data: { reorderSections: { __typename: 'ReorderSectionsPayload', category: structure().data.categories[0] } } }),
    });
    await button(wrapper, 'Move Billing down').trigger('click');
    await settle();
    const call = test.calls.find((c) => c.operationName === 'ReorderSections');
    expect(call?.variables).toEqual({ input: { categoryId: 'C1', sectionIds: ['S2', 'S1'] } });
    expect(test.calls.filter((c) => c.operationName === 'StructurePage').length).toBeGreaterThan(1);
    wrapper.unmount();
  });

  it('deleting a section that holds articles asks where they go and sends moveArticlesTo', async () => {
    const { wrapper, test } = await render({
      DeleteSection: () => ({
        data: { deleteSection: { __typename: 'DeleteSectionPayload', deletedSectionId: 'S1', category: structure().data.categories[0], movedTo: null } },
      }),
    });
    const billing = wrapper.findAll('[data-testid="structure-section"]')[0];
    await billing.findAll('button').find((b) => b.text().startsWith('Delete'))!.trigger('click');
    expect(billing.text()).toContain('holds 3 articles (drafts and archived ones count)');
    const submit = billing.findAll('button').find((b) => b.text() === 'Move articles and delete')!;
    expect(submit.attributes('disabled')).toBeDefined();
    await billing.get('select').setValue('S3');
    await submit.trigger('click');
    await billing.get('form').trigger('submit');
    await settle();
    expect(test.calls.find((c) => c.operationName === 'DeleteSection')?.variables).toEqual({ input: { sectionId: 'S1', moveArticlesTo: 'S3' } });
    wrapper.unmount();
  });

  it('shows the server’s refusal next to the form (a taken slug)', async () => {
    const { wrapper, test } = await render({
      UpdateCategory: () => ({ errors: [{ message: 'That slug is already taken.', extensions: { code: 'BAD_USER_INPUT', field: 'slug' } }] }),
    });
    const account = wrapper.findAll('[data-testid="structure-category"]')[0];
    await account.findAll('button').find((b) => b.text().startsWith('Edit'))!.trigger('click');
    await account.get('#category-C1-slug').setValue('product');
    await account.get('form').trigger('submit');
    await settle();
    expect(test.calls.find((c) => c.operationName === 'UpdateCategory')?.variables).toEqual({
      input: { categoryId: 'C1', name: 'Account', slug: 'product', description: 'Your account' },
    });
    expect(account.get('#category-C1-slug-error').text()).toBe('That slug is already taken.');
    expect(account.get('#category-C1-slug').attributes('aria-invalid')).toBe('true');
    wrapper.unmount();
  });
});
