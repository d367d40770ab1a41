import Phaser from 'phaser';
import type { Label } from '@real-or-fake/shared';
import type { Rect } from '../layout.ts';
import { COLORS, LABEL_COLORS, textStyle } from '../theme.ts';

/**
 * The round's face, drawn with nearest-neighbour filtering so each of its 64x64 pixels stays a
 * crisp block, plus the truth stamp during the reveal. Images load outside Phaser's loader so
 * a slow or failed image for one round never blocks the next.
 */
export class FaceView {
  readonly #scene: Phaser.Scene;
  readonly #frame: Phaser.GameObjects.Rectangle;
  readonly #image: Phaser.GameObjects.Image;
  readonly #placeholder: Phaser.GameObjects.Text;
  readonly #stamp: Phaser.GameObjects.Container;
  readonly #stampBand: Phaser.GameObjects.Rectangle;
  readonly #stampText: Phaser.GameObjects.Text;
  #rect: Rect;
  #textureKey: string | null = null;
  #wantedUrl = '';

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.#scene = scene;
    this.#rect = rect;
    this.#frame = scene.add.rectangle(0, 0, 1, 1, COLORS.panel).setOrigin(0);
    this.#image = scene.add.image(0, 0, '__DEFAULT').setOrigin(0).setVisible(false);
    this.#placeholder = scene.add
      .text(0, 0, '', { ...textStyle(20, COLORS.muted), align: 'center' })
      .setOrigin(0.5);
    this.#stampBand = scene.add.rectangle(0, 0, 1, 76, COLORS.real, 0.9);
    this.#stampText = scene.add.text(0, 0, '', textStyle(52, COLORS.background, 'bold'));
    this.#stampText.setOrigin(0.5);
    this.#stamp = scene.add.container(0, 0, [this.#stampBand, this.#stampText]).setVisible(false);
    this.layout(rect);
  }

  /** Texture key of the face on screen, or null while none is shown. */
  get textureKey(): string | null {
    return this.#image.visible ? this.#textureKey : null;
  }

  layout(rect: Rect): void {
    this.#rect = rect;
    this.#frame.setPosition(rect.x - 6, rect.y - 6).setSize(rect.width + 12, rect.height + 12);
    this.#frame.setStrokeStyle(2, COLORS.panelBorder);
    this.#image.setPosition(rect.x, rect.y).setDisplaySize(rect.width, rect.height);
    this.#placeholder.setPosition(rect.x + rect.width / 2, rect.y + rect.height / 2);
    this.#placeholder.setWordWrapWidth(rect.width - 40);
    this.#stamp.setPosition(rect.x + rect.width / 2, rect.y + rect.height - 50);
    this.#stampBand.setSize(rect.width, 76).setOrigin(0.5);
  }

  showMessage(message: string): void {
    this.#image.setVisible(false);
    this.#placeholder.setText(message).setVisible(true);
  }

  /** Show the face at `url`, loading it first unless it is already on screen. */
  async showFace(url: string, textureKey: string): Promise<void> {
    if (url === this.#wantedUrl) {
      return;
    }
    this.#wantedUrl = url;
    this.showMessage('Loading face…');
    const image = new Image();
    image.src = url;
    await image.decode();
    // A newer round may have started while this image was loading.
    if (url !== this.#wantedUrl || !this.#scene.sys.isActive()) {
      return;
    }
    this.#replaceTexture(textureKey, image);
  }

  showTruth(truth: Label | null): void {
    if (truth === null) {
      this.#stamp.setVisible(false);
      return;
    }
    this.#stampBand.setFillStyle(LABEL_COLORS[truth], 0.92);
    this.#stampText.setText(truth === 'real' ? 'REAL' : 'FAKE');
    this.#stamp.setVisible(true);
  }

  /** Forget the current face, so the same url loads again after a reconnect. */
  reset(): void {
    this.#wantedUrl = '';
  }

  destroy(): void {
    if (this.#textureKey !== null) {
      this.#scene.textures.remove(this.#textureKey);
    }
  }

  #replaceTexture(textureKey: string, image: HTMLImageElement): void {
    const textures = this.#scene.textures;
    if (textures.exists(textureKey)) {
      textures.remove(textureKey);
    }
    const texture = textures.addImage(textureKey, image);
    if (texture === null) {
      this.showMessage('Could not show this face.');
      return;
    }
    texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
    const previous = this.#textureKey;
    this.#textureKey = textureKey;
    this.#image.setTexture(textureKey).setDisplaySize(this.#rect.width, this.#rect.height);
    this.#image.setVisible(true);
    this.#placeholder.setVisible(false);
    if (previous !== null && previous !== textureKey) {
      textures.remove(previous);
    }
  }
}
