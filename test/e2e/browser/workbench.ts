// Steps on VS Code's workbench in a browser page (code-server), by keyboard and CSS class, as a user would.
// The selectors are VS Code's own DOM classes (1.100); the pitfalls below were met on this build.
import type { Page } from 'playwright-core';

export async function openWorkbench(page: Page, origin: string, folder: string): Promise<void> {
  await page.goto(`${origin}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
  // The explorer appears once the remote extension host and file system are connected.
  await page.locator('.explorer-folders-view').waitFor({ timeout: 120000 });
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  // Not '.quick-input-widget input': that first matches a hidden "toggle all" checkbox.
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(fileName);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label*="${fileName}"]`).first().waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** Moves the cursor with Go to Line (Ctrl+G, "line:column", both 1-based). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  // Focus the editor group by keyboard (Ctrl+1): a click can land on a hover or another editor's hidden DOM.
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I; hovering the mouse over a span did not open it) and returns its text. */
export async function hoverAtCursor(page: Page, expected: string | RegExp): Promise<string> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover-content', { hasText: expected }).first();
  await hover.waitFor({ timeout: 60000 });
  return hover.innerText();
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first().waitFor();
  await page.keyboard.press('Enter');
}
