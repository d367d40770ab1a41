import Phaser from 'phaser';
import type { ErrorPayload, Label, VoteAcceptedPayload } from '@real-or-fake/shared';
import { publishDebug, publishDebugText } from '../debugHook.ts';
import type { GameSnapshot } from '../game/snapshot.ts';
import { chooseLayout, type Layout } from '../layout.ts';
import type { ConnectionStatus, GameConnection } from '../net/GameConnection.ts';
import { COLORS } from '../theme.ts';
import { CountdownBar } from '../views/CountdownBar.ts';
import { FaceView } from '../views/FaceView.ts';
import { RevealView } from '../views/RevealView.ts';
import { RoundView } from '../views/RoundView.ts';
import { Scoreboard } from '../views/Scoreboard.ts';
import { Toast } from '../views/Toast.ts';
import { TopBar } from '../views/TopBar.ts';
import { SceneKey, type JoinSceneData } from './keys.ts';

export interface GameSceneData {
  connection: GameConnection;
}

interface Views {
  topBar: TopBar;
  face: FaceView;
  timer: CountdownBar;
  round: RoundView;
  reveal: RevealView;
  scoreboard: Scoreboard;
  toast: Toast;
}

/** The player's vote in the current round, as this tab last sent or saw it accepted. */
interface MyVote {
  roundId: string;
  /** The last choice the player made; the buttons highlight it. */
  choice: Label;
  /** The last choice the server accepted, to fall back to if a later change is rejected. */
  accepted: Label | null;
}

const KEY_VOTES: Record<string, Label> = { R: 'real', LEFT: 'real', F: 'fake', RIGHT: 'fake' };

/** The game screen: the face, the vote, the reveal and the scoreboard, driven by room state. */
export class GameScene extends Phaser.Scene {
  #connection!: GameConnection;
  #views!: Views;
  #layout!: Layout;
  #myVote: MyVote | null = null;
  #detach: (() => void)[] = [];

  constructor() {
    super(SceneKey.game);
  }

  create(data: GameSceneData): void {
    this.#connection = data.connection;
    this.#myVote = null;
    this.#layout = chooseLayout(this.scale.width, this.scale.height);
    const layout = this.#layout;
    this.#views = {
      topBar: new TopBar(this, () => void this.#leave()),
      face: new FaceView(this, layout.face),
      timer: new CountdownBar(this, layout.timer),
      round: new RoundView(this, layout.panel, (choice) => this.#vote(choice)),
      reveal: new RevealView(this, layout.panel),
      scoreboard: new Scoreboard(this, layout.scoreboard),
      toast: new Toast(this),
    };
    publishDebug({ scene: 'game', layout: layout.orientation, faceTexture: null, texts: {} });

    const connection = this.#connection;
    this.#detach = [
      connection.on('state', (snapshot) => this.#render(snapshot)),
      connection.on('voteAccepted', (payload) => this.#onVoteAccepted(payload)),
      connection.on('serverError', (payload) => this.#onServerError(payload)),
      connection.on('roomError', (message) => {
        this.#views.toast.show(message);
        publishDebugText('toast', message);
      }),
      connection.on('status', (status) => this.#onStatus(status)),
    ];
    for (const [key, choice] of Object.entries(KEY_VOTES)) {
      const onKey = (): void => this.#vote(choice);
      this.input.keyboard?.on(`keydown-${key}`, onKey);
      this.#detach.push(() => this.input.keyboard?.off(`keydown-${key}`, onKey));
    }
    this.scale.on(Phaser.Scale.Events.RESIZE, this.#relayout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.#shutdown());

    const snapshot = connection.snapshot;
    if (snapshot === null) {
      this.#views.face.showMessage('Joining…');
      this.#views.round.setVisible(false);
    } else {
      this.#render(snapshot);
    }
  }

  override update(): void {
    const snapshot = this.#connection.snapshot;
    if (snapshot === null) {
      return;
    }
    const remainingMs = this.#connection.clock.remainingMs(snapshot.phaseEndsAtMs);
    const totalMs =
      snapshot.phaseEndsAtMs > 0 ? snapshot.phaseEndsAtMs - snapshot.phaseStartedAtMs : 0;
    const text = this.#views.timer.update(remainingMs, totalMs);
    if (window.__realOrFake?.texts.timer !== text) {
      publishDebugText('timer', text);
    }
  }

  #render(snapshot: GameSnapshot): void {
    const views = this.#views;
    if (this.#myVote !== null && this.#myVote.roundId !== snapshot.roundId) {
      this.#myVote = null;
    }
    const me = snapshot.players.find((player) => player.sessionId === this.#connection.sessionId);
    const texts: Record<string, string> = {
      roomCode: views.topBar.update(snapshot),
      tally: views.scoreboard.update(snapshot, this.#connection.sessionId),
    };

    views.face.showTruth(snapshot.phase === 'reveal' ? (snapshot.reveal?.truth ?? null) : null);
    views.round.setVisible(snapshot.phase === 'voting');
    views.reveal.setVisible(snapshot.phase === 'reveal' && snapshot.reveal !== null);

    if (snapshot.phase === 'waiting' || snapshot.imageUrl === '') {
      texts.face = describeWaiting(snapshot);
      views.face.showMessage(texts.face);
    } else {
      this.#showFace(snapshot);
    }

    if (snapshot.phase === 'voting') {
      const vote = this.#myVote;
      texts.vote = views.round.showVote(vote?.choice ?? null, vote?.accepted === vote?.choice);
      if (vote === null && me?.hasVoted === true) {
        texts.vote = 'Your vote is in.';
      }
    }
    if (snapshot.phase === 'reveal' && snapshot.reveal !== null) {
      texts.truth = snapshot.reveal.truth.toUpperCase();
      Object.assign(texts, views.reveal.show(snapshot.reveal, me));
    }
    publishDebug({
      snapshot,
      faceTexture: views.face.textureKey,
      texts: { ...pickPersistent(window.__realOrFake?.texts), ...texts },
    });
  }

  #showFace(snapshot: GameSnapshot): void {
    const key = `face:${snapshot.roundId}`;
    this.#views.face
      .showFace(snapshot.imageUrl, key)
      .then(() => publishDebug({ faceTexture: this.#views.face.textureKey }))
      .catch(() => {
        this.#views.face.reset();
        this.#views.face.showMessage('Could not load this face.');
        this.#views.toast.show('Could not load the face image');
      });
  }

  #vote(choice: Label): void {
    const snapshot = this.#connection.snapshot;
    if (snapshot === null || snapshot.phase !== 'voting' || this.#myVote?.choice === choice) {
      return;
    }
    if (!this.#connection.vote(choice)) {
      return;
    }
    const accepted = this.#myVote?.roundId === snapshot.roundId ? this.#myVote.accepted : null;
    this.#myVote = { roundId: snapshot.roundId, choice, accepted };
    this.#render(snapshot);
  }

  #onVoteAccepted(payload: VoteAcceptedPayload): void {
    const vote = this.#myVote;
    if (vote === null || vote.roundId !== payload.roundId) {
      this.#myVote = { roundId: payload.roundId, choice: payload.choice, accepted: payload.choice };
    } else {
      vote.accepted = payload.choice;
    }
    this.#rerender();
  }

  #onServerError(payload: ErrorPayload): void {
    this.#views.toast.show(payload.message);
    publishDebugText('toast', payload.message);
    // The rejected change never counted, so the highlight returns to the last accepted vote.
    const vote = this.#myVote;
    if (vote !== null) {
      this.#myVote = vote.accepted === null ? null : { ...vote, choice: vote.accepted };
    }
    this.#rerender();
  }

  #onStatus(status: ConnectionStatus): void {
    const topBar = this.#views.topBar;
    switch (status.kind) {
      case 'connected':
        topBar.setNotice(null);
        publishDebugText('notice', '');
        this.#views.toast.show('Reconnected', COLORS.real);
        publishDebugText('toast', 'Reconnected');
        this.#rerender();
        break;
      case 'reconnecting': {
        const when =
          status.retryInMs === null
            ? ''
            : ` in ${Math.max(1, Math.round(status.retryInMs / 1000))}s`;
        const message = `Connection lost. Reconnecting${when} (attempt ${status.attempt})…`;
        topBar.setNotice(message);
        publishDebugText('notice', message);
        break;
      }
      case 'closed': {
        const data: JoinSceneData = { message: status.reason };
        this.scene.start(SceneKey.join, data);
        break;
      }
    }
  }

  #rerender(): void {
    const snapshot = this.#connection.snapshot;
    if (snapshot !== null) {
      this.#render(snapshot);
    }
  }

  /** Rebuild the screen when the game switches between landscape and portrait sizes. */
  #relayout(): void {
    if (
      chooseLayout(this.scale.width, this.scale.height).orientation !== this.#layout.orientation
    ) {
      this.scene.restart({ connection: this.#connection });
    }
  }

  async #leave(): Promise<void> {
    await this.#connection.leave();
    this.scene.start(SceneKey.join);
  }

  #shutdown(): void {
    this.#detach.forEach((detach) => detach());
    this.#detach = [];
    this.scale.off(Phaser.Scale.Events.RESIZE, this.#relayout, this);
    this.#views.face.destroy();
  }
}

function describeWaiting(snapshot: GameSnapshot): string {
  const online = snapshot.players.filter((player) => player.connected).length;
  const lines = ['Waiting for players…'];
  if (snapshot.minPlayers > 1) {
    lines.push(`${online} of ${snapshot.minPlayers} players here`);
  }
  if (snapshot.roomCode !== '') {
    lines.push('', `Share the room code ${snapshot.roomCode}`);
  }
  return lines.join('\n');
}

/** Texts that outlive one render: the last toast and connection notice. */
function pickPersistent(texts: Record<string, string> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const part of ['toast', 'notice', 'timer']) {
    const text = texts?.[part];
    if (text !== undefined) {
      kept[part] = text;
    }
  }
  return kept;
}
