import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

declare global {
  interface Window {
    axe?: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> };
  }
}

/**
 * Runs axe-core on the page as it is now. The app's CSP (script-src 'self') blocks an injected
 * <script>, so axe's source is evaluated through the DevTools protocol (page.evaluate), which the
 * CSP does not govern. WCAG 2.x A/AA rules, best practices, and label-content-name-mismatch
 * (off by default in axe: experimental).
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (options) => window.axe!.run(document, options),
    {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    },
  );
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
}

/** Prints every violation with its targets and returns the serious and critical ones, as "id: target". */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const found = await axe(page);
  for (const v of found) console.log(`[axe] ${label}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.join('\n    ')}`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.targets.map((t) => `${label} ${v.id}: ${t}`));
}
