import { chromium } from 'playwright-core';
import { startBrowserGame } from './gameServer.ts';
import { CHROMIUM_ARGS, joinFromForm, openGame, waitForView } from './page.ts';
const game = await startBrowserGame({ config: { votingMs: 3000, revealMs: 1000 } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await openGame(browser, game.baseUrl);
page.on('console', (m) => console.log('console:', m.text().slice(0, 200)));
await joinFromForm(page, 'Dropper', 'public');
await waitForView(page, (v) => v.snapshot?.phase === 'voting', 'voting');
await page.waitForTimeout(6000);
await page.context().setOffline(true);
const t0 = Date.now();
try {
  const v = await waitForView(page, (v) => v.texts.notice !== undefined, 'notice', 15000);
  console.log('notice after', Date.now() - t0, v.texts.notice);
  await page.screenshot({ path: '/tmp/shot-drop.png' });
} catch (e) {
  console.log('no notice', String(e).slice(0, 300));
}
await page.context().setOffline(false);
await page.waitForTimeout(8000);
const v = await waitForView(page, () => true, 'x');
console.log('after online', JSON.stringify(v.texts), JSON.stringify(v.snapshot?.players));
await browser.close();
await game.close();
