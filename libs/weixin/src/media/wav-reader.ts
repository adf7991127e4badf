/** The samples of a WAV file as 16-bit mono PCM. */
export interface MonoPcm {
  pcm: Buffer;
  sampleRate: number;
}

/**
 * Reads a RIFF/WAVE file of integer PCM (8, 16, 24 or 32 bits) or 32-bit float samples and mixes
 * its channels to 16-bit little-endian mono. Answers `undefined` for anything else (compressed
 * WAV formats, a missing `fmt ` or `data` chunk, a truncated file).
 */
export function readWavMono(wav: Buffer): MonoPcm | undefined {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF') return undefined;
  if (wav.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  for (let at = 12; at + 8 <= wav.length;) {
    const id = wav.toString('ascii', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = wav.subarray(at + 8, Math.min(wav.length, at + 8 + size));
    if (id === 'fmt ' && body.length >= 16) {
      let code = body.readUInt16LE(0);
      // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes hold the real code.
      if (code === 0xfffe && body.length >= 26) code = body.readUInt16LE(24);
      format = {
        code,
        channels: body.readUInt16LE(2),
        rate: body.readUInt32LE(4),
        bits: body.readUInt16LE(14),
      };
    } else if (id === 'data') {
      data = body;
    }
    at += 8 + size + (size % 2);
  }
  if (!format || !data || format.channels < 1) return undefined;
  const sample = sampleReader(format.code, format.bits);
  if (!sample) return undefined;
  const frameBytes = (format.bits / 8) * format.channels;
  const frames = Math.floor(data.length / frameBytes);
  const pcm = Buffer.alloc(frames * 2);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++) {
      sum += sample(data, f * frameBytes + (c * format.bits) / 8);
    }
    const v = Math.max(-1, Math.min(1, sum / format.channels));
    pcm.writeInt16LE(Math.round(v < 0 ? v * 0x8000 : v * 0x7fff), f * 2);
  }
  return { pcm, sampleRate: format.rate };
}

/** A reader of one sample in [-1, 1] at a byte offset, for a format code and bit depth. */
function sampleReader(code: number, bits: number): ((b: Buffer, at: number) => number) | undefined {
  if (code === 3 && bits === 32) return (b, at) => b.readFloatLE(at);
  if (code !== 1) return undefined;
  switch (bits) {
    case 8:
      return (b, at) => (b.readUInt8(at) - 128) / 128;
    case 16:
      return (b, at) => b.readInt16LE(at) / 0x8000;
    case 24:
      return (b, at) => b.readIntLE(at, 3) / 0x800000;
    case 32:
      return (b, at) => b.readInt32LE(at) / 0x80000000;
    default:
      return undefined;
  }
}
