import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/markdown.js';
import { htmlToMarkdown } from './zendesk.html.js';

/*
 * The round trip of Zendesk article bodies: HTML → markdown (turndown, for the editor) →
 * HTML (markdown-it + the article sanitizer, what readers get) keeps the text, the headings,
 * list items, table cells, links and images of real-looking pages, and a second trip
 * changes nothing (markdown → HTML → markdown is stable, so export and import again is too).
 */

const PAGES: Record<string, string> = {
  'support scope (lists, a callout div, nbsp, a mailto)': `<p>We encourage you to use <strong>Chat Support</strong> at the bottom right for immediate help, 24&nbsp;hours a day.</p>
<div class="callout callout--info"><p><span style="color:#1f73b7">Note:</span> we cannot answer questions about your account in the comments.</p></div>
<p>Our key area of support is technical issues, such as:</p>
<ul>
<li>Signing up as a merchant</li>
<li>Sign-in difficulties<ul><li>Two-factor codes that never arrive</li><li>Locked accounts</li></ul></li>
<li>Questions about the <a href="https://developer.example.com/api">Reporting API</a></li>
</ul>
<p>Email us at <a href="mailto:support@example.com">support@example.com</a>.</p>
<p>&nbsp;</p>`,
  'how-to (numbered steps, images, bold in items, a table with alignment)': `<h2 id="h_01">Before you begin</h2>
<p>You need the <em>Admin</em> role. If you are not sure, ask the account owner.</p>
<h2 id="h_02">Create a link</h2>
<ol>
<li>Open <strong>Links → Deep link generator</strong>.</li>
<li>Paste the product page URL.<br>It must start with <code>https://</code>.</li>
<li>Click <b>Create</b>.</li>
</ol>
<p><img src="https://help.example.com/hc/article_attachments/115001/generator.png" alt="The deep link generator" width="600"></p>
<table style="width:100%"><thead><tr><th style="text-align:left">Network</th><th style="text-align:right">Cookie days</th></tr></thead>
<tbody><tr><td>US</td><td style="text-align:right">30</td></tr><tr><td>EU</td><td style="text-align:right">45</td></tr></tbody></table>`,
  'troubleshooting (code block, blockquote, headings, emphasis)': `<h3>The feed upload fails</h3>
<p>Check that the file is <em>UTF-8</em> and that every row has the same number of <strong>columns</strong>:</p>
<pre><code>head -n 3 feed.csv | awk -F',' '{ print NF }'</code></pre>
<blockquote><p>Files over 2&nbsp;GB must be split. See <a href="/hc/en-us/articles/360012345678-Splitting-large-feeds">Splitting large feeds</a>.</p></blockquote>
<h4>Still failing?</h4>
<p>Send us the <u>first 20 lines</u> and the error shown in the upload log.</p>`,
};

// block boundaries count as a space (a list item's text does not run into the next one's)
const text = (html: string) =>
  sanitizeHtml(html.replace(/<\/?(p|div|li|ul|ol|h[1-6]|tr|td|th|br|table|thead|tbody|blockquote|pre)\b[^>]*>/gi, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
const all = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => text(m[1]));
const attrs = (html: string, tag: string, attr: string) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1].replace(/&amp;/g, '&'));
const structure = (html: string) => ({
  headings: all(html, /<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/g),
  items: all(html, /<li[^>]*>([\s\S]*?)(?=<li|<\/li>|<ul|<ol)/g).filter(Boolean),
  cells: all(html, /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g),
  links: attrs(html, 'a', 'href'),
  images: attrs(html, 'img', 'src'),
  code: all(html, /<code[^>]*>([\s\S]*?)<\/code>/g),
});

describe('Zendesk bodies: HTML → markdown → HTML', () => {
  for (const [name, page] of Object.entries(PAGES)) {
    it(name, () => {
      const { markdown, removedActiveContent } = htmlToMarkdown(page, 'https://help.example.com');
      expect(removedActiveContent).toBe(false);
      const rendered = renderMarkdown(markdown, { images: 'embed' });
      expect(text(rendered)).toBe(text(page));
      expect(structure(rendered)).toEqual(structure(page));
      // stable: the rendered page converts back to the same markdown
      expect(htmlToMarkdown(rendered, 'https://help.example.com').markdown).toBe(markdown);
    });
  }

  it('drops what must not run and says so', () => {
    const page = `<p>Hi</p><script>alert(document.cookie)</script><iframe src="https://evil.example"></iframe><p onclick="steal()">there</p><a href="javascript:alert(1)">x</a><img src="javascript:alert(1)">`;
    const { markdown, removedActiveContent } = htmlToMarkdown(page, null);
    expect(removedActiveContent).toBe(true);
    const html = renderMarkdown(markdown, { images: 'embed' });
    expect(html).not.toMatch(/script|iframe|onclick|javascript|evil/i);
    expect(text(html)).toBe('Hi there x');
  });
});
