import type { GameSnapshot } from './game/snapshot.ts';

/**
 * Description in words of what the page shows, for browser tests and for inspecting the game
 * from the console. Read it as `window.__realOrFake`.
 */
export interface DebugView {
  scene: 'boot' | 'join' | 'game';
  /** Layout of the game screen; null outside it. */
  layout: 'landscape' | 'portrait' | null;
  snapshot: GameSnapshot | null;
  /** The face texture on screen, e.g. `face:<roundId>`; null while none is shown. */
  faceTexture: string | null;
  /** Visible text by part of the screen, e.g. `truth`, `aiScore`, `toast`. */
  texts: Record<string, string>;
}

declare global {
  interface Window {
    __realOrFake?: DebugView;
  }
}

export function publishDebug(update: Partial<DebugView>): void {
  const current: DebugView = window.__realOrFake ?? {
    scene: 'boot',
    layout: null,
    snapshot: null,
    faceTexture: null,
    texts: {},
  };
  window.__realOrFake = { ...current, ...update };
}

export function publishDebugText(part: string, text: string): void {
  const texts = { ...(window.__realOrFake?.texts ?? {}), [part]: text };
  publishDebug({ texts });
}
