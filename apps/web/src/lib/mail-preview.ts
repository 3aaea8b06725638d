/** Elements a mail preview never renders: active content, other documents, and what the app's CSP would refuse. */
const DROPPED = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, noscript, template, svg, math';

/**
 * The HTML part of a mail as a document for `<iframe sandbox="" srcdoc>`. The sandbox already
 * runs no script and gives the frame no origin; this also drops what the app's CSP (inherited
 * by srcdoc frames) would report as a violation: `<style>` elements, images not on https: or
 * data:, and event-handler attributes. What stays is shown as the recipient would see it,
 * minus remote images on plain http.
 */
export function mailPreviewDocument(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of Array.from(doc.querySelectorAll(DROPPED))) el.remove();
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'srcset' || name === 'background' || name === 'formaction') el.removeAttribute(attr.name);
      else if ((name === 'href' || name === 'src') && /^\s*(javascript|vbscript):/i.test(attr.value)) el.removeAttribute(attr.name);
    }
  }
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    if (!/^(https:|data:image\/)/i.test(src.trim())) img.replaceWith(doc.createTextNode(img.getAttribute('alt') ? `[${img.getAttribute('alt')}]` : ''));
  }
  // links open outside the frame (a sandboxed frame may not navigate the app)
  for (const a of Array.from(doc.querySelectorAll('a[href]'))) a.setAttribute('target', '_blank');
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${doc.body.innerHTML}</body></html>`;
}
