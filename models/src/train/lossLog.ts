import { appendFile, readFile, writeFile } from 'node:fs/promises';

/** One line of `<runDir>/losses.jsonl`. */
export interface StepRecord {
  step: number;
  epoch: number;
  dLoss: number;
  gLoss: number;
  dRealAcc: number;
  dFakeAcc: number;
  imagesPerSecond: number;
  /** ISO 8601 time at the end of the step. */
  time: string;
}

/** Appends step records to a JSON-lines file. */
export class LossLog {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async append(record: StepRecord): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(record)}\n`);
  }

  /**
   * Drops the records after `step`, which a resumed run is about to redo, and any torn last
   * line left by a crash. A missing file is left missing.
   */
  async truncateAfter(step: number): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return;
      }
      throw error;
    }
    const kept = text.split('\n').filter((line) => {
      try {
        const record = JSON.parse(line) as Partial<StepRecord>;
        return typeof record.step === 'number' && record.step <= step;
      } catch {
        return false;
      }
    });
    await writeFile(this.path, kept.map((line) => `${line}\n`).join(''));
  }
}
