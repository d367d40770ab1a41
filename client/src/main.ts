import Phaser from 'phaser';
import { Client } from '@colyseus/sdk';
import { chooseLayout } from './layout.ts';
import { gameServerUrl } from './net/endpoint.ts';
import type { ConnectionContext } from './net/GameConnection.ts';
import { sessionStore } from './net/savedSession.ts';
import { BootScene } from './scenes/BootScene.ts';
import { GameScene } from './scenes/GameScene.ts';
import { JoinScene } from './scenes/JoinScene.ts';
import { COLORS, css } from './theme.ts';

const JOIN_TIMEOUT_MS = 10_000;

const serverUrl = gameServerUrl(window.location, import.meta.env.VITE_SERVER_PREFIX);
const context: ConnectionContext = {
  client: new Client(serverUrl),
  serverUrl,
  store: sessionStore,
  timeoutMs: JOIN_TIMEOUT_MS,
};

const initial = chooseLayout(window.innerWidth, window.innerHeight);

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: 'game',
  backgroundColor: css(COLORS.background),
  dom: { createContainer: true },
  scale: {
    mode: Phaser.Scale.FIT,
    autoCenter: Phaser.Scale.CENTER_BOTH,
    width: initial.width,
    height: initial.height,
  },
  scene: [new BootScene(context), new JoinScene(context), new GameScene()],
});

// FIT keeps one aspect ratio, so turning a phone switches to the other layout's game size.
window.addEventListener('resize', () => {
  const layout = chooseLayout(window.innerWidth, window.innerHeight);
  if (layout.width !== game.scale.width || layout.height !== game.scale.height) {
    game.scale.setGameSize(layout.width, layout.height);
  }
});
