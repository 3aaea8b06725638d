import { describe, expect, it } from 'vitest';
import { containsLink, renderMarkdown } from './markdown.js';

describe('renderMarkdown: images', () => {
  it('writes an image as a link by default (member content), with its alt text or URL as the text', () => {
    const html = renderMarkdown('See ![the error dialog](https://tracker.example/pixel.png?u=1) and ![](https://img.example/a.png)');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<a class="image-link" href="https://tracker.example/pixel.png?u=1" rel="nofollow ugc noopener" target="_blank">the error dialog</a>');
    expect(html).toContain('>https://img.example/a.png</a>');
  });

  it('keeps the outer link of a linked image and drops the image', () => {
    const html = renderMarkdown('[![badge](https://img.example/b.svg)](https://example.com/docs)');
    expect(html).not.toMatch(/<img/i);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('href="https://example.com/docs"');
    expect(html).toContain('>badge</a>');
  });

  it('escapes alt text and keeps only http(s) targets', () => {
    expect(renderMarkdown('![<b>x</b>"](javascript:alert(1))')).not.toMatch(/<img|<b>|href="javascript:/i);
    const data = renderMarkdown('![<b>pic</b>](data:image/png;base64,iVBORw0KGgo=)');
    expect(data).not.toMatch(/<img|<b>|href="data:/i);
    expect(data).toContain('&lt;b&gt;pic&lt;/b&gt;</a>');
  });

  it('embeds images in staff-written article bodies', () => {
    expect(renderMarkdown('![Settings](https://cdn.example/s.png)', { images: 'embed' })).toBe(
      '<p><img src="https://cdn.example/s.png" alt="Settings" /></p>\n',
    );
  });
});

describe('containsLink (pre-moderation)', () => {
  it.each([
    ['https://spam.example', true],
    ['[cheap](https://spam.example)', true],
    ['![x](http://tracker.example/p.gif)', true],
    ['just text, no *links*', false],
  ])('%s → %s', (source, expected) => {
    expect(containsLink(source)).toBe(expected);
  });
});
