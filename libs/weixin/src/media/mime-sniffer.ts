/** How many leading bytes {@link sniffMime} looks at. */
export const SNIFF_BYTES = 64;

interface Signature {
  mime: string;
  /** Byte offset of `bytes`. */
  at: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { mime: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', at: 0, bytes: ascii('GIF87a') },
  { mime: 'image/gif', at: 0, bytes: ascii('GIF89a') },
  { mime: 'image/bmp', at: 0, bytes: ascii('BM') },
  { mime: 'image/tiff', at: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mime: 'image/tiff', at: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { mime: 'image/x-icon', at: 0, bytes: [0x00, 0x00, 0x01, 0x00] },
  { mime: 'application/pdf', at: 0, bytes: ascii('%PDF-') },
  { mime: 'application/zip', at: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/zip', at: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { mime: 'application/gzip', at: 0, bytes: [0x1f, 0x8b] },
  { mime: 'application/x-7z-compressed', at: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { mime: 'application/vnd.rar', at: 0, bytes: ascii('Rar!\x1a\x07') },
  { mime: 'video/webm', at: 0, bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { mime: 'audio/silk', at: 0, bytes: ascii('#!SILK') },
  { mime: 'audio/silk', at: 1, bytes: ascii('#!SILK') },
  { mime: 'audio/amr', at: 0, bytes: ascii('#!AMR') },
  { mime: 'audio/ogg', at: 0, bytes: ascii('OggS') },
  { mime: 'audio/flac', at: 0, bytes: ascii('fLaC') },
  { mime: 'audio/mpeg', at: 0, bytes: ascii('ID3') },
];

/** `ftyp` major brands → MIME type (ISO base media files: MP4, MOV, M4A, HEIC). */
const FTYP_BRANDS: Readonly<Record<string, string>> = {
  'qt  ': 'video/quicktime',
  'M4A ': 'audio/mp4',
  'M4B ': 'audio/mp4',
  heic: 'image/heic',
  heix: 'image/heic',
  mif1: 'image/heif',
  avif: 'image/avif',
  '3gp4': 'video/3gpp',
  '3gp5': 'video/3gpp',
  '3g2a': 'video/3gpp2',
};

function matches(head: Uint8Array, signature: Signature): boolean {
  if (head.length < signature.at + signature.bytes.length) return false;
  return signature.bytes.every((byte, i) => head[signature.at + i] === byte);
}

function text(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, to));
}

/**
 * The MIME type of a file from its first bytes (magic numbers), or `undefined` when none is
 * recognised. Give at least {@link SNIFF_BYTES} bytes when the file has them.
 */
export function sniffMime(head: Uint8Array): string | undefined {
  if (head.length >= 12 && text(head, 4, 8) === 'ftyp') {
    return FTYP_BRANDS[text(head, 8, 12)] ?? 'video/mp4';
  }
  if (head.length >= 12 && text(head, 0, 4) === 'RIFF') {
    const form = text(head, 8, 12);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
    if (form === 'AVI ') return 'video/x-msvideo';
  }
  for (const signature of SIGNATURES) if (matches(head, signature)) return signature.mime;
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'audio/mpeg';
  return undefined;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  svg: 'image/svg+xml',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The MIME type of a file name's extension for formats without magic numbers (text, Office). */
export function mimeFromFileName(fileName: string | undefined): string | undefined {
  const match = fileName ? /\.([A-Za-z0-9]+)$/.exec(fileName) : null;
  return match ? EXTENSIONS[match[1]!.toLowerCase()] : undefined;
}

/** The generic MIME type of bytes of unknown format. */
export const UNKNOWN_MIME = 'application/octet-stream';
