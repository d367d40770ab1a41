/** Map of event names to listener argument tuples. */
export type EventMap = Record<string, unknown[]>;

type ListenerSets<Events extends EventMap> = {
  [K in keyof Events]?: Set<(...args: Events[K]) => void>;
};

/** A minimal typed event emitter; `on` returns a function that removes the listener. */
export class Emitter<Events extends EventMap> {
  #listeners: ListenerSets<Events> = {};

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    const set = this.#listeners[event] ?? new Set();
    this.#listeners[event] = set;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    this.#listeners[event]?.forEach((listener) => listener(...args));
  }

  clear(): void {
    this.#listeners = {};
  }
}
