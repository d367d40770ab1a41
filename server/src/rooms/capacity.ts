/** Players per room; `joinOrCreate` opens a new public room once one is full. */
export const MAX_PLAYERS_PER_ROOM = 16;
