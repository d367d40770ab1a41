export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions of the parts of the game screen, in game pixels. */
export interface Layout {
  orientation: 'landscape' | 'portrait';
  width: number;
  height: number;
  /** The round's face; a whole multiple of 64 so nearest-neighbour scaling stays even. */
  face: Rect;
  timer: Rect;
  /** Vote buttons while voting, the AI gauge and vote split during the reveal. */
  panel: Rect;
  scoreboard: Rect;
}

/** Face side in game pixels: 64 px source images drawn at 5x. */
export const FACE_SIZE = 320;

const LANDSCAPE: Layout = {
  orientation: 'landscape',
  width: 800,
  height: 600,
  face: { x: 48, y: 72, width: FACE_SIZE, height: FACE_SIZE },
  timer: { x: 48, y: 404, width: FACE_SIZE, height: 10 },
  panel: { x: 48, y: 428, width: FACE_SIZE, height: 156 },
  scoreboard: { x: 408, y: 72, width: 352, height: 512 },
};

const PORTRAIT: Layout = {
  orientation: 'portrait',
  width: 450,
  height: 880,
  face: { x: 65, y: 68, width: FACE_SIZE, height: FACE_SIZE },
  timer: { x: 65, y: 400, width: FACE_SIZE, height: 10 },
  panel: { x: 65, y: 424, width: FACE_SIZE, height: 156 },
  scoreboard: { x: 25, y: 596, width: 400, height: 272 },
};

/** Pick the layout whose shape best fits a viewport of `width` x `height` CSS pixels. */
export function chooseLayout(width: number, height: number): Layout {
  return height > width * 1.15 ? PORTRAIT : LANDSCAPE;
}
