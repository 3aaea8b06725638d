import type { RevisionDiff_RevisionFragment } from '@atrium/schema';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { describeChange, diffRows, foldUnchanged, revisionChange } from '../../lib/revisionDiff';
import RevisionDiff from './RevisionDiff.vue';

const rev = (title: string, body: string, createdAt = '2025-11-20T10:00:00.000Z'): RevisionDiff_RevisionFragment => ({
  id: `r-${title}`,
  title,
  body,
  createdAt,
});

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

const before = rev('Reset your password', '# Steps\n\nOpen the settings page.\nClick Reset.\n');
const after = rev('Reset a password', '# Steps\n\nOpen the account page.\nClick Reset.\nCheck your inbox.\n', '2025-11-21T10:00:00.000Z');

describe('RevisionDiff', () => {
  it('side by side: the old text left, the new right, changed words marked', () => {
    const w = mount(RevisionDiff, { props: { from: before, to: after, layout: 'split' } });
    expect(w.attributes('data-layout')).toBe('split');
    // the title, word by word
    expect(w.find('.diff__title-line--old del').text()).toBe('your');
    expect(w.find('.diff__title-line--new ins').text()).toBe('a');
    const changed = w.find('.diff__row--changed');
    expect(changed.find('.diff__cell--old').text()).toBe('Open the settings page.');
    expect(changed.find('.diff__cell--old del').text()).toBe('settings');
    expect(changed.find('.diff__cell--new ins').text()).toBe('account');
    // one added line, nothing on its left
    const added = w.find('.diff__row--added');
    expect(added.find('.diff__cell--old').classes()).toContain('diff__cell--empty');
    expect(added.find('.diff__cell--new').text()).toBe('Check your inbox.');
    expect(w.findAll('.diff__row--same').map((r) => r.find('.diff__cell--new').text())).toEqual(['# Steps', '', 'Click Reset.']);
  });

  it('inline (phones): a removed line then its replacement, marked − and +', () => {
    const w = mount(RevisionDiff, { props: { from: before, to: after, layout: 'inline' } });
    expect(w.attributes('data-layout')).toBe('inline');
    const rows = w.findAll('tbody tr').map((r) => [r.classes().find((c) => c.startsWith('diff__row--')), r.find('.diff__mark').text(), r.find('.diff__cell').text()]);
    expect(rows).toEqual([
      ['diff__row--same', '', '# Steps'],
      ['diff__row--same', '', ''],
      ['diff__row--removed', '−', 'Open the settings page.'],
      ['diff__row--added', '+', 'Open the account page.'],
      ['diff__row--same', '', 'Click Reset.'],
      ['diff__row--added', '+', 'Check your inbox.'],
    ]);
  });

  it('picks the layout from the screen width when not told', () => {
    const w = mount(RevisionDiff, { props: { from: before, to: after } });
    expect(['split', 'inline']).toContain(w.attributes('data-layout'));
  });

  it('folds long unchanged stretches and shows them on demand', async () => {
    const from = rev('Long', lines(40));
    const to = rev('Long', lines(40).replace('line 20\n', 'line twenty\n'));
    const w = mount(RevisionDiff, { props: { from, to, layout: 'split' } });
    expect(w.find('.diff__title').exists()).toBe(false);
    const skips = w.findAll('.diff__skip').map((s) => s.text());
    expect(skips).toEqual(['⋯ 16 unchanged lines', '⋯ 17 unchanged lines']);
    expect(w.findAll('.diff__row--same')).toHaveLength(6);
    await w.find('button').trigger('click');
    expect(w.findAll('.diff__skip')).toHaveLength(0);
    expect(w.findAll('.diff__row--same')).toHaveLength(39);
    expect(w.find('button').text()).toBe('Show only the changes');
  });

  it('says so when the two versions are the same', () => {
    const w = mount(RevisionDiff, { props: { from: before, to: { ...before, id: 'other' }, layout: 'split' } });
    expect(w.text()).toContain('same title and body');
    expect(w.find('table').exists()).toBe(false);
  });
});

describe('revision summaries', () => {
  it('counts lines and notes a title change', () => {
    expect(describeChange(revisionChange(before, after))).toBe('Title changed · +2 −1 lines');
    expect(describeChange(revisionChange(before, { ...before, title: 'New' }))).toBe('Title changed');
    expect(describeChange(revisionChange(before, { ...before, body: `${before.body}More.\n` }))).toBe('+1 −0 line');
    expect(describeChange(revisionChange(before, before))).toBe('No changes');
  });

  it('pairs replaced lines and keeps line numbers on both sides', () => {
    const rows = diffRows('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(rows.map((r) => [r.kind, 'left' in r ? r.left.number : null, 'right' in r ? r.right.number : null])).toEqual([
      ['same', 1, 1],
      ['changed', 2, 2],
      ['same', 3, 3],
      ['added', null, 4],
    ]);
    expect(foldUnchanged(rows, 0).map((r) => r.kind)).toEqual(['skip', 'changed', 'skip', 'added']);
  });
});
