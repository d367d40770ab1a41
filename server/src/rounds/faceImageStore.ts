/**
 * JPEG bytes of the faces that players may currently fetch, by image id. Real and generated
 * faces live here side by side with nothing but their bytes, so the HTTP route that serves them
 * cannot treat one kind differently from the other.
 */
export class FaceImageStore {
  readonly #images = new Map<string, Buffer>();
  readonly #capacity: number;

  /** @param capacity Maximum number of images kept; adding one more drops the oldest. */
  constructor(capacity = 1024) {
    this.#capacity = capacity;
  }

  add(imageId: string, jpeg: Buffer): void {
    this.#images.set(imageId, jpeg);
    while (this.#images.size > this.#capacity) {
      const oldest = this.#images.keys().next().value;
      if (oldest === undefined) break;
      this.#images.delete(oldest);
    }
  }

  get(imageId: string): Buffer | undefined {
    return this.#images.get(imageId);
  }

  delete(imageId: string): void {
    this.#images.delete(imageId);
  }

  get size(): number {
    return this.#images.size;
  }
}
