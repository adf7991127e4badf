import { readWavMono } from './wav-reader.js';
import { wavHeader } from './wav-header.js';

describe('readWavMono', () => {
  it('mixes 16-bit stereo to mono at the file rate', () => {
    const pcm = Buffer.alloc(8);
    pcm.writeInt16LE(1000, 0);
    pcm.writeInt16LE(3000, 2);
    pcm.writeInt16LE(-2000, 4);
    pcm.writeInt16LE(-2000, 6);
    const wav = Buffer.concat([
      wavHeader(pcm.length, { sampleRate: 16_000, channels: 2, bitsPerSample: 16 }),
      pcm,
    ]);
    const mono = readWavMono(wav)!;
    expect(mono.sampleRate).toBe(16_000);
    expect([mono.pcm.readInt16LE(0), mono.pcm.readInt16LE(2)]).toEqual([2000, -2000]);
  });

  it('answers undefined for what it cannot read', () => {
    expect(readWavMono(Buffer.from('RIFF....WAVE'))).toBeUndefined();
    expect(readWavMono(Buffer.from('not a wav at all'))).toBeUndefined();
    const adpcm = wavHeader(4, { sampleRate: 8_000, channels: 1, bitsPerSample: 4 });
    adpcm.writeUInt16LE(2, 20);
    expect(readWavMono(Buffer.concat([adpcm, Buffer.alloc(4)]))).toBeUndefined();
  });
});
