// Debian's Chromium driven by playwright-core (Playwright's own browser download is unreachable here).
import { chromium, type Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // The background-networking flags stop Chromium from dialling Google's hosts, which the closed
    // network refuses; --no-sandbox because CI runs as root.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
