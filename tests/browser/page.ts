import type { Browser, Page } from 'playwright-core';
import type { DebugView } from '../../client/src/debugHook.ts';

/** Runs in the page; this project's type library has no DOM, so `window` is typed by hand. */
function readDebugView(): DebugView | undefined {
  return (globalThis as { __realOrFake?: DebugView }).__realOrFake;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

const pageErrors = new WeakMap<Page, string[]>();

export interface OpenGameOptions {
  viewport?: { width: number; height: number };
  /** Emulate a touch screen, so taps arrive as touch events. */
  hasTouch?: boolean;
}

/** Open the game in a fresh browser context, so each player has its own session storage. */
export async function openGame(
  browser: Browser,
  baseUrl: string,
  options: OpenGameOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 800, height: 600 },
    hasTouch: options.hasTouch ?? false,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(baseUrl);
  return page;
}

/** Close the page's browser context; returns the uncaught errors the page threw. */
export async function closeGame(page: Page): Promise<string[]> {
  await page.context().close();
  return pageErrors.get(page) ?? [];
}

/** Convert a point in game coordinates to page coordinates, for clicks and taps. */
export async function gamePoint(
  page: Page,
  gameWidth: number,
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  const canvas = await page.locator('canvas').boundingBox();
  if (canvas === null) {
    throw new Error('the page has no game canvas');
  }
  const scale = canvas.width / gameWidth;
  return { x: canvas.x + x * scale, y: canvas.y + y * scale };
}

/** Poll the page's debug view until `predicate` holds for it, and resolve with that view. */
export async function waitForView(
  page: Page,
  predicate: (view: DebugView) => boolean,
  description: string,
  timeoutMs = 20_000,
): Promise<DebugView> {
  const deadline = Date.now() + timeoutMs;
  let view: DebugView | undefined;
  while (Date.now() < deadline) {
    view = await page.evaluate(readDebugView);
    if (view !== undefined && predicate(view)) {
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const last = JSON.stringify({ scene: view?.scene, phase: view?.snapshot?.phase, ...view?.texts });
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last view ${last}`);
}

/** Type a name and press one of the join form's buttons. */
export async function joinFromForm(
  page: Page,
  name: string,
  action: 'public' | 'create' | 'code',
  code = '',
): Promise<void> {
  await waitForView(page, (view) => view.scene === 'join', 'the join screen');
  await page.fill('#join-name', name);
  if (code !== '') {
    await page.fill('#join-code', code);
  }
  await page.click(`button[data-action="${action}"]`);
}

/**
 * Wait for a voting phase with a face on screen and at least `marginMs` left to vote, so a
 * vote sent now arrives before the deadline.
 */
export async function waitForOpenVoting(page: Page, marginMs = 1500): Promise<DebugView> {
  return waitForView(
    page,
    (view) =>
      view.snapshot?.phase === 'voting' &&
      view.faceTexture === `face:${view.snapshot.roundId}` &&
      view.snapshot.phaseEndsAtMs - Date.now() > marginMs,
    'a voting phase with its face shown',
    30_000,
  );
}
