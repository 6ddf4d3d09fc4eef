import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/hangar-process.js';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

// Runs in the page; a string so the e2e project needs no DOM types. `context`: a CSS selector, or the document.
const runAxe = (context: string | undefined) => `(async () => {
  const context = ${context === undefined ? 'document' : JSON.stringify(context)};
  const result = await globalThis.axe.run(context, { resultTypes: ['violations'] });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => String(node.target)),
  }));
})()`;

/**
 * Injects axe-core into the page and returns its serious and critical violations, in the whole page or in the
 * elements `within` selects (a dialog: the page under its mask is not what is being checked).
 */
export async function seriousAxeViolations(page: Page, within?: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: join(repoRoot, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate<AxeViolation[]>(runAxe(within));
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
