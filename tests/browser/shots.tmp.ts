import { chromium } from 'playwright-core';
import { startBrowserGame } from './gameServer.ts';
import { CHROMIUM_ARGS, joinFromForm, openGame, waitForView, waitForOpenVoting } from './page.ts';
const game = await startBrowserGame({ config: { minPlayers: 2, votingMs: 6000 } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const host = await openGame(browser, game.baseUrl);
await joinFromForm(host, 'Host', 'create');
const v = await waitForView(
  host,
  (view) => (view.snapshot?.roomCode ?? '') !== '' && view.texts.face !== undefined,
  'code',
);
await host.waitForTimeout(200);
await host.screenshot({ path: '/tmp/shot-waiting.png' });
const guest = await openGame(browser, game.baseUrl, { width: 390, height: 844 });
await joinFromForm(guest, 'A rather long name', 'code', v.snapshot!.roomCode);
await waitForOpenVoting(guest);
await guest.keyboard.press('ArrowRight');
await guest.waitForTimeout(300);
await guest.screenshot({ path: '/tmp/shot-phone-vote.png' });
await host.screenshot({ path: '/tmp/shot-host-vote.png' });
await browser.close();
await game.close();
