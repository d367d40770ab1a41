import { crc32, gzipSync } from 'node:zlib';
import sharp from 'sharp';

/** One entry of a test archive. Names are written as given, unsafe ones included. */
export interface ArchiveEntry {
  name: string;
  data?: Buffer;
  /** Kind of entry, a file by default; a symbolic link points at `linkTarget`. */
  type?: 'file' | 'symlink' | 'directory';
  linkTarget?: string;
}

type EntryKind = NonNullable<ArchiveEntry['type']>;

/** Unix file type and permission bits, kept in the upper half of a zip's external attributes. */
const ZIP_MODES: Record<EntryKind, number> = {
  file: 0o100644,
  symlink: 0o120777,
  directory: 0o40755,
};

const TAR_TYPE_FLAGS: Record<EntryKind, string> = { file: '0', symlink: '2', directory: '5' };

/** Makes `count` tiny faces, alternating PNG and JPEG, each a distinct solid colour. */
export async function makeFaceImages(count: number): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    const image = sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: i * 40, g: 90, b: 200 - i } },
    });
    const png = i % 2 === 0;
    const data = png ? await image.png().toBuffer() : await image.jpeg().toBuffer();
    entries.push({ name: `faces/${i}.${png ? 'png' : 'jpg'}`, data });
  }
  return entries;
}

/** Writes a zip archive with stored (uncompressed) entries and Unix file modes. */
export function buildZip(entries: ArchiveEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.type === 'directory' ? `${entry.name}/` : entry.name);
    const data =
      entry.type === 'symlink' ? Buffer.from(entry.linkTarget ?? '') : (entry.data ?? Buffer.of());
    const crc = crc32(data);
    const mode = ZIP_MODES[entry.type ?? 'file'];

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits count
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Writes a ustar archive by hand, so that names tar itself would refuse to write stay as given. */
export function buildTar(entries: ArchiveEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data =
      entry.type === 'file' || entry.type === undefined ? (entry.data ?? Buffer.of()) : Buffer.of();
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100, 'utf8');
    header.write(entry.type === 'directory' ? '0000755\0' : '0000644\0', 100, 'latin1');
    header.write('0000000\0', 108, 'latin1');
    header.write('0000000\0', 116, 'latin1');
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    header.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
      'latin1',
    );
    header.write(TAR_TYPE_FLAGS[entry.type ?? 'file'], 156, 'latin1');
    if (entry.linkTarget) header.write(entry.linkTarget, 157, 100, 'utf8');
    header.write('ustar\0', 257, 'latin1');
    header.write('00', 263, 'latin1');
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function buildTarGz(entries: ArchiveEntry[]): Buffer {
  return gzipSync(buildTar(entries));
}
