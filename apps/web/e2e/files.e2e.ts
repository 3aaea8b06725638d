import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

const password = inject('demoPassword');
const browser = useBrowser();

/** A real PNG (width × height, a blue-to-teal gradient): readers see it in the article. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[at + 1 + x * 3] = 30;
      rows[at + 2 + x * 3] = 90 + Math.round((120 * x) / width);
      rows[at + 3 + x * 3] = 200 - Math.round((60 * y) / height);
    }
  }
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Drops (or pastes) a file onto the body textarea the way a browser does: a DataTransfer holding a File. */
async function transfer(page: Page, how: 'drop' | 'paste', file: { name: string; type: string; bytes: Buffer }) {
  await page.evaluate(
    ([how, name, type, base64]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type }));
      const target = document.querySelector('#body')!;
      const event =
        how === 'drop'
          ? new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })
          : new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
    },
    [how, file.name, file.type, file.bytes.toString('base64')] as const,
  );
}

describe('files in the article editor', () => {
  let slug = '';

  test('an agent drops an image and pastes a file into the body, attaches a PDF; readers see the image and the attachment', async () => {
    const page = await browser.page('desktop');
    await signIn(page, 'agent', password);
    await page.goto('/new');
    await expect.poll(() => page.locator('#section').inputValue()).not.toBe('');
    await page.locator('#title').fill('Set up the router');
    await page.locator('#body').fill('## Wiring\n\nConnect the cables as shown:\n');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/articles\/[^/]+\/edit$/);
    slug = new URL(page.url()).pathname.split('/')[2];
    await expect.poll(() => page.locator('#body').inputValue()).toContain('Connect the cables');

    // drop an image at the end of the body: its markdown replaces the placeholder
    await page.locator('#body').focus();
    await page.locator('#body').press('Control+End');
    await transfer(page, 'drop', { name: 'wiring diagram.png', type: 'image/png', bytes: png(480, 200) });
    await expect.poll(() => page.locator('#body').inputValue()).toMatch(/!\[wiring diagram\.png\]\(\/files\/[0-9a-f]{64}\/wiring-diagram\.png\)/);
    // paste a text file: a link
    await transfer(page, 'paste', { name: 'checklist.txt', type: 'text/plain', bytes: Buffer.from('1. Power\n2. Cables\n') });
    await expect.poll(() => page.locator('#body').inputValue()).toMatch(/\[checklist\.txt\]\(\/files\/[0-9a-f]{64}\/checklist\.txt\)/);
    expect(await page.locator('#body').inputValue()).not.toContain('uploading');
    // each file is a paragraph of its own (an image inside a sentence would render inline)
    expect(await page.locator('#body').inputValue()).toMatch(/shown:\n\n!\[wiring diagram\.png\]\([^)]+\)\n\n\[checklist\.txt\]/);

    // too large: an inline error, nothing inserted
    const before = await page.locator('#body').inputValue();
    await page.getByTestId('body-file-input').setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(21 * 1024 * 1024, 1) });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'huge.bin' }).textContent()).toMatch(/larger than the limit of 20 MB/);
    expect(await page.locator('#body').inputValue()).toBe(before);

    // the preview shows the image from our own origin
    await expect.poll(() => page.locator('#panel-preview img').getAttribute('src')).toMatch(/^\/files\/[0-9a-f]{64}\/wiring-diagram\.png$/);

    // an attachment, uploaded from the aside
    await page.getByTestId('attachment-input').setInputFiles({
      name: 'Router manual.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await page.locator('.editor-attachments').getByRole('link', { name: 'Router manual.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at/).waitFor();
    await shot(page, 'files-editor-desktop');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published: readers can see it now.').waitFor();

    // a reader sees the image and the attachment
    const reader = await browser.page('desktop');
    await reader.goto(`/articles/${slug}`);
    const img = reader.locator('.article__body img');
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(480);
    await reader.locator('.article__body a[href*="checklist.txt"]').waitFor();
    const attachment = reader.getByRole('region', { name: 'Attachments' }).getByRole('link', { name: /Router manual\.pdf/ });
    expect(await attachment.getAttribute('href')).toMatch(/^\/files\/[0-9a-f]{64}\/Router-manual\.pdf$/);
    await shot(reader, 'files-article-desktop');

    const phone = await browser.page('phone');
    await phone.goto(`/articles/${slug}`);
    await phone.getByRole('region', { name: 'Attachments' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, 'files-article-phone');
  });

  test('the editor on a phone shows the upload controls; a member cannot upload', async () => {
    const phone = await browser.page('phone');
    await signIn(phone, 'agent', password);
    await phone.goto(`/articles/${slug}/edit`);
    await phone.locator('.editor-attachments').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, 'files-editor-phone');

    const member = await browser.page('desktop');
    await signIn(member, 'member', password);
    const answer = await member.evaluate(async () => {
      const res = await fetch('/files?filename=x.png', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'x' });
      return { status: res.status, body: await res.json() };
    });
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const viewer = await graphqlFromPage<{ viewer: { handle: string } }>(member, '{ viewer { handle } }');
    expect(viewer.viewer.handle).toBe('member');
  });
});
