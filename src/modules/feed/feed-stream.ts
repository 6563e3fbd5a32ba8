import { PassThrough, pipeline, Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';

/**
 * The list's text chunks as a byte stream for the answer, gzipped when asked, with backpressure all
 * the way to the database reads (a slow puller slows the batches, it does not buffer them). `done`
 * gets the bytes sent, and the error when the puller went away or a read failed midway.
 */
export function feedBody(chunks: AsyncIterable<string>, gzip: boolean, done: (bytes: number, err: Error | null) => void): Readable {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      bytes += chunk.length;
      next(null, chunk);
    },
  });
  const out = new PassThrough();
  const source = Readable.from(chunks, { objectMode: false });
  const finished = (err: NodeJS.ErrnoException | null) => done(bytes, err);
  if (gzip) pipeline(source, createGzip({ level: 6 }), counter, out, finished);
  else pipeline(source, counter, out, finished);
  return out;
}
