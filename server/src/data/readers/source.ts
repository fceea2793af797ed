// A data file as a byte stream, gunzipped when its name ends in .gz.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { DataFile } from '../dataFiles';

/** `chunkBytes` is the size of the chunks read (and decompressed); Node's default (64 KiB) when not given. */
export function openDataFile(file: DataFile, chunkBytes?: number): Readable {
  const raw = createReadStream(file.path, { highWaterMark: chunkBytes });
  if (!file.gzip) return raw;
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  raw.on('error', (e) => gunzip.destroy(e));
  // A reader that stops early (a format sniff) destroys the gunzip stream; the file must close with it.
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

/** The whole (decompressed) file as text, for formats that are one JSON document. */
export async function readDataFileText(file: DataFile): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of openDataFile(file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}
