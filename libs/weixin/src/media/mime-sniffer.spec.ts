import { kindFromMime } from './media-kind.js';
import { mimeFromFileName, sniffMime } from './mime-sniffer.js';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );
const pad = (head: Buffer): Buffer => Buffer.concat([head, Buffer.alloc(64 - head.length, 0x20)]);

describe('sniffMime', () => {
  it.each([
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n'), 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a'), 'image/gif'],
    ['GIF89a', bytes('GIF89a'), 'image/gif'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['BMP', bytes('BM', [0x36, 0, 0, 0]), 'image/bmp'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'video/mp4'],
    ['MOV', bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 2, 0]), 'video/quicktime'],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), 'audio/mp4'],
    ['HEIC', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'application/zip'],
    ['empty ZIP', bytes([0x50, 0x4b, 0x05, 0x06]), 'application/zip'],
    ['GZIP', bytes([0x1f, 0x8b, 0x08]), 'application/gzip'],
    ['WAV', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['AVI', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'video/x-msvideo'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm'],
    ['SILK', bytes('#!SILK_V3'), 'audio/silk'],
    ['WeChat SILK', bytes([0x02], '#!SILK_V3'), 'audio/silk'],
    ['AMR', bytes('#!AMR\n'), 'audio/amr'],
    ['MP3 with ID3', bytes('ID3', [4, 0]), 'audio/mpeg'],
    ['MP3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['OGG', bytes('OggS', [0]), 'audio/ogg'],
  ])('recognises %s', (_name, head, mime) => {
    expect(sniffMime(pad(head))).toBe(mime);
    expect(kindFromMime(mime)).toBe(
      mime.startsWith('video/') ? 'video' : mime.startsWith('image/') ? 'image' : 'file',
    );
  });

  it.each([
    ['plain text', bytes('hello, world')],
    ['nothing', Buffer.alloc(0)],
    ['a truncated PNG signature', bytes([0x89], 'PN')],
    ['RIFF of another form', bytes('RIFF', [0, 0, 0, 0], 'XXXX')],
  ])('answers undefined for %s', (_name, head) => {
    expect(sniffMime(head)).toBeUndefined();
  });

  it('routes MIME types to kinds as protocol §10.2 says', () => {
    expect(kindFromMime('video/mp4')).toBe('video');
    expect(kindFromMime('IMAGE/PNG')).toBe('image');
    expect(kindFromMime('audio/mpeg')).toBe('file');
    expect(kindFromMime('application/pdf')).toBe('file');
  });

  it('names formats without magic numbers from the file extension', () => {
    expect(mimeFromFileName('notes.TXT')).toBe('text/plain');
    expect(mimeFromFileName('report.docx')).toMatch(/wordprocessingml/);
    expect(mimeFromFileName('noextension')).toBeUndefined();
    expect(mimeFromFileName(undefined)).toBeUndefined();
  });
});
