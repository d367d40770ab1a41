/** A tab's record of its seat, so a refresh or a dropped connection can rejoin it. */
export interface SavedSession {
  name: string;
  reconnectionToken: string;
  roomId: string;
  /** Code of the private room; empty for public rooms. */
  roomCode: string;
}

const SESSION_KEY = 'realOrFake.session';
/** The last name typed, kept across tabs and visits to prefill the join form. */
const NAME_KEY = 'realOrFake.name';

function isSavedSession(value: unknown): value is SavedSession {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return ['name', 'reconnectionToken', 'roomId', 'roomCode'].every(
    (key) => typeof record[key] === 'string',
  );
}

/** Session storage is per tab, so two tabs of one browser play as two separate players. */
export const sessionStore = {
  load(): SavedSession | null {
    const raw = window.sessionStorage.getItem(SESSION_KEY);
    if (raw === null) {
      return null;
    }
    try {
      const value: unknown = JSON.parse(raw);
      return isSavedSession(value) ? value : null;
    } catch {
      return null;
    }
  },

  save(session: SavedSession): void {
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    window.localStorage.setItem(NAME_KEY, session.name);
  },

  clear(): void {
    window.sessionStorage.removeItem(SESSION_KEY);
  },

  lastName(): string {
    return window.localStorage.getItem(NAME_KEY) ?? '';
  },
};

export type SessionStore = typeof sessionStore;
