import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayerSnapshot } from '../../client/src/game/snapshot.ts';
import { startBrowserGame, type BrowserGame } from './gameServer.ts';
import {
  CHROMIUM_ARGS,
  closeGame,
  gamePoint,
  joinFromForm,
  openGame,
  waitForOpenVoting,
  waitForView,
} from './page.ts';

const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts', import.meta.url));
/** The face's place on an 800x600 page, where the canvas is drawn at scale 1. */
const FACE_CLIP = { x: 48, y: 72, width: 320, height: 320 };
const FACE_SCALE = 5;

interface BlockStats {
  /** Share of 5x5 blocks whose pixels all have the same colour. */
  uniformShare: number;
  /** Distinct block colours; a real face has hundreds, a flat fake only a few. */
  distinctColors: number;
}

/**
 * Measure the 5x5 blocks of the face. Nearest-neighbour scaling makes each source pixel one
 * uniform block, where smoothing would blend neighbours across block edges.
 */
async function measureBlocks(png: Buffer): Promise<BlockStats> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let uniform = 0;
  let blocks = 0;
  const colors = new Set<number>();
  for (let blockY = 0; blockY < info.height; blockY += FACE_SCALE) {
    for (let blockX = 0; blockX < info.width; blockX += FACE_SCALE) {
      const first = (blockY * info.width + blockX) * 3;
      let same = true;
      for (let y = blockY; y < blockY + FACE_SCALE && same; y += 1) {
        for (let x = blockX; x < blockX + FACE_SCALE && same; x += 1) {
          const offset = (y * info.width + x) * 3;
          for (let channel = 0; channel < 3; channel += 1) {
            same &&= Math.abs((data[offset + channel] ?? 0) - (data[first + channel] ?? 0)) <= 2;
          }
        }
      }
      blocks += 1;
      uniform += same ? 1 : 0;
      colors.add(
        ((data[first] ?? 0) << 16) | ((data[first + 1] ?? 0) << 8) | (data[first + 2] ?? 0),
      );
    }
  }
  return { uniformShare: uniform / blocks, distinctColors: colors.size };
}

async function voteAndReachReveal(page: Page, key: 'r' | 'f') {
  const voting = await waitForOpenVoting(page);
  const roundId = voting.snapshot?.roundId ?? '';
  await page.keyboard.press(key);
  const voted = await waitForView(
    page,
    (view) => view.texts.vote?.startsWith('You voted') === true,
    'the accepted vote',
  );
  const revealed = await waitForView(
    page,
    (view) =>
      view.snapshot?.phase === 'reveal' &&
      view.snapshot.roundId === roundId &&
      view.texts.truth !== undefined,
    'the reveal of the voted round',
  );
  return { roundId, voting, voted, revealed };
}

describe('browser client', () => {
  let game: BrowserGame;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    game = await startBrowserGame();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await game?.close();
  });

  it('plays a round to the reveal', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Ada', 'public');

    const voting = await waitForOpenVoting(page);
    const blocks = await measureBlocks(await page.screenshot({ clip: FACE_CLIP }));
    // The first rounds show real faces (see startBrowserGame), which have detail to blur.
    expect(blocks.distinctColors).toBeGreaterThan(500);
    expect(blocks.uniformShare).toBeGreaterThan(0.97);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'voting.png') });

    const { roundId, voted, revealed } = await voteAndReachReveal(page, 'r');
    expect(roundId).toBe(voting.snapshot?.roundId);
    expect(voted.texts.vote).toBe('You voted REAL. You can change it until time runs out.');

    const reveal = revealed.snapshot?.reveal;
    expect(reveal).not.toBeNull();
    expect(revealed.texts.truth).toBe(reveal?.truth.toUpperCase());
    expect(revealed.texts.aiScore).toMatch(
      /^AI score [01]\.\d\d: says (REAL|FAKE), (right|wrong)$/,
    );
    expect(revealed.texts.aiScore).toContain(`AI score ${reveal?.aiScore.toFixed(2)}`);
    expect(revealed.texts.split).toMatch(/^Players: [1-9]\d* real, \d+ fake$/);
    const aiRight = reveal?.aiVerdict === reveal?.truth;
    const correct = aiRight ? 'correct!' : 'correct, and you beat the AI!';
    const verdict = reveal?.truth === 'real' ? correct : 'fooled!';
    expect(revealed.texts.result).toBe(`You said REAL: ${verdict}`);
    expect(revealed.faceTexture).toBe(`face:${roundId}`);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'reveal.png') });
    expect(await closeGame(page)).toEqual([]);
  });

  it('changes the vote before the deadline', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Ida', 'public');
    const voting = await waitForOpenVoting(page, 3000);
    await page.keyboard.press('ArrowLeft');
    await waitForView(
      page,
      (view) => view.texts.vote?.startsWith('You voted REAL') === true,
      'REAL',
    );

    const { roundId, revealed } = await voteAndReachReveal(page, 'f');

    expect(roundId).toBe(voting.snapshot?.roundId);
    expect(revealed.texts.result).toMatch(/^You said FAKE: /);
    expect(await closeGame(page)).toEqual([]);
  });

  it('leaves the game for good', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Quitter', 'public');
    await waitForView(page, (view) => view.snapshot !== null, 'the game screen');

    const leave = await gamePoint(page, 800, 730, 32);
    await page.mouse.click(leave.x, leave.y);
    await waitForView(page, (view) => view.scene === 'join', 'the join screen');
    await page.reload();
    await page.waitForTimeout(1000);
    const view = await waitForView(page, (current) => current.scene !== 'boot', 'a scene');

    expect(view.scene).toBe('join');
    expect(await page.inputValue('#join-name')).toBe('Quitter');
    expect(await closeGame(page)).toEqual([]);
  });

  it('keeps name and score across a refresh', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Grace', 'public');
    // Play until Grace has scored, so the refresh has a score to lose. Real and fake faces
    // alternate after the first rounds (see startBrowserGame), so a REAL vote soon scores.
    let before: PlayerSnapshot | undefined;
    for (let round = 0; round < 4 && (before?.score ?? 0) === 0; round += 1) {
      const { revealed } = await voteAndReachReveal(page, 'r');
      before = revealed.snapshot?.players.find((player) => player.name === 'Grace');
    }
    expect(before?.score).toBeGreaterThan(0);

    await page.reload();
    const after = await waitForView(
      page,
      (view) => view.scene === 'game' && view.snapshot !== null,
      'the game screen after the refresh',
    );
    const graces = after.snapshot?.players.filter((player) => player.name === 'Grace') ?? [];
    expect(graces).toHaveLength(1);
    expect(graces[0]?.score).toBe(before?.score);
    expect(graces[0]?.connected).toBe(true);
    expect(await closeGame(page)).toEqual([]);
  });

  it('rejoins after the network drops', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Linus', 'public');
    const before = await waitForView(page, (view) => view.snapshot !== null, 'the game screen');
    const mine = (view: typeof before) =>
      view.snapshot?.players.filter((player) => player.name === 'Linus') ?? [];

    await page.context().setOffline(true);
    const dropped = await waitForView(
      page,
      (view) => (view.texts.notice ?? '').startsWith('Connection lost. Reconnecting'),
      'the connection-lost notice',
    );
    expect(dropped.texts.notice).toMatch(/\(attempt \d+\)…$/);

    await page.context().setOffline(false);
    const after = await waitForView(
      page,
      (view) => view.texts.notice === '' && view.texts.toast === 'Reconnected',
      'the reconnection',
    );
    expect(mine(after)).toHaveLength(1);
    expect(mine(after)[0]?.score).toBe(mine(before)[0]?.score);
    expect(await closeGame(page)).toEqual([]);
  });

  it('joins a private room by its code', async () => {
    const host = await openGame(browser, game.baseUrl);
    await joinFromForm(host, 'Host', 'create');
    const hosting = await waitForView(
      host,
      (view) => (view.snapshot?.roomCode ?? '') !== '',
      'the private room code',
    );
    const code = hosting.snapshot?.roomCode ?? '';
    expect(hosting.texts.roomCode).toBe(`Room ${code}`);

    const guest = await openGame(browser, game.baseUrl);
    await joinFromForm(guest, 'Guest', 'code', code.toLowerCase());
    const joined = await waitForView(
      guest,
      (view) => view.snapshot?.players.length === 2,
      'both players in the private room',
    );
    expect(joined.snapshot?.roomCode).toBe(code);
    expect(joined.snapshot?.players.map((player) => player.name).sort()).toEqual(['Guest', 'Host']);
    expect(await closeGame(host)).toEqual([]);
    expect(await closeGame(guest)).toEqual([]);
  });

  it('rejects an unknown room code', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Lost', 'code', 'ZZZZZ');
    const view = await waitForView(
      page,
      (current) => (current.texts.joinMessage ?? '').startsWith('No room has the code'),
      'the unknown-code message',
    );
    expect(view.scene).toBe('join');
    expect(await page.textContent('.join-form .message')).toBe(view.texts.joinMessage);
    expect(await closeGame(page)).toEqual([]);
  });

  it('rejects an invalid name', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, '<script>', 'public');
    const view = await waitForView(
      page,
      (current) => current.texts.joinMessage?.startsWith('name may contain') === true,
      'the invalid-name message',
    );
    expect(view.scene).toBe('join');
    expect(await closeGame(page)).toEqual([]);
  });

  it('switches layout when the screen turns', async () => {
    const page = await openGame(browser, game.baseUrl);
    await joinFromForm(page, 'Turner', 'public');
    await waitForOpenVoting(page, 500);

    await page.setViewportSize({ width: 390, height: 844 });
    const turned = await waitForView(
      page,
      (view) => view.layout === 'portrait' && view.faceTexture !== null,
      'the face drawn again in the portrait layout',
    );
    const canvas = await page.locator('canvas').boundingBox();

    expect(canvas?.height ?? 0).toBeGreaterThan(canvas?.width ?? 0);
    expect(turned.faceTexture).toBe(`face:${turned.snapshot?.roundId}`);
    expect(await closeGame(page)).toEqual([]);
  });

  it('votes by touch on a phone screen', async () => {
    const page = await openGame(browser, game.baseUrl, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    await joinFromForm(page, 'Pocket', 'public');
    const voting = await waitForOpenVoting(page);
    // The FAKE button's centre in the portrait layout: panel x 65 + 150 + 20 + 75, y 424 + 34.
    const fake = await gamePoint(page, 450, 310, 458);
    await page.touchscreen.tap(fake.x, fake.y);
    await waitForView(
      page,
      (view) => view.texts.vote?.startsWith('You voted FAKE') === true,
      'FAKE',
    );
    const revealed = await waitForView(
      page,
      (view) =>
        view.snapshot?.phase === 'reveal' && view.snapshot.roundId === voting.snapshot?.roundId,
      'the reveal',
    );

    expect(revealed.texts.truth).toMatch(/^(REAL|FAKE)$/);
    expect(revealed.texts.result).toMatch(/^You said FAKE: /);
    const canvas = await page.locator('canvas').boundingBox();
    expect(canvas?.width).toBeLessThanOrEqual(390);
    expect(canvas?.height).toBeLessThanOrEqual(844);
    expect(canvas?.height ?? 0).toBeGreaterThan(canvas?.width ?? 0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'reveal-phone.png') });
    expect(await closeGame(page)).toEqual([]);
  });
});
