import { encode } from 'silk-wasm';
import { silkToWav, VOICE_PCM_FORMAT } from './silk-to-wav.js';
import { WAV_HEADER_BYTES, wavHeader } from './wav-header.js';

describe('wavHeader', () => {
  it('writes the 44-byte PCM header of 24 kHz mono 16-bit audio', () => {
    const header = wavHeader(48_000, VOICE_PCM_FORMAT);
    expect(header.length).toBe(WAV_HEADER_BYTES);
    expect(header.toString('ascii', 0, 4)).toBe('RIFF');
    expect(header.readUInt32LE(4)).toBe(36 + 48_000);
    expect(header.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(header.readUInt32LE(16)).toBe(16);
    expect(header.readUInt16LE(20)).toBe(1);
    expect(header.readUInt16LE(22)).toBe(1);
    expect(header.readUInt32LE(24)).toBe(24_000);
    expect(header.readUInt32LE(28)).toBe(48_000);
    expect(header.readUInt16LE(32)).toBe(2);
    expect(header.readUInt16LE(34)).toBe(16);
    expect(header.toString('ascii', 36, 40)).toBe('data');
    expect(header.readUInt32LE(40)).toBe(48_000);
  });

  it('computes byte rate and block alignment from the format', () => {
    const header = wavHeader(100, { sampleRate: 8_000, channels: 2, bitsPerSample: 16 });
    expect(header.readUInt32LE(28)).toBe(32_000);
    expect(header.readUInt16LE(32)).toBe(4);
  });
});

describe('silkToWav', () => {
  it('decodes a SILK tone to a WAV whose data chunk holds the PCM', async () => {
    const pcm = Buffer.alloc(24_000 * 2);
    for (let i = 0; i < 24_000; i++) {
      pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)), i * 2);
    }
    const { data } = await encode(pcm, 24_000);
    const wav = await silkToWav(Buffer.from(data));
    expect(wav).toBeDefined();
    expect(wav!.readUInt32LE(40)).toBe(wav!.length - WAV_HEADER_BYTES);
    expect(wav!.length - WAV_HEADER_BYTES).toBeGreaterThanOrEqual(pcm.length * 0.9);
  });

  it('answers undefined for bytes that are not SILK', async () => {
    expect(await silkToWav(Buffer.from('definitely not a voice message'))).toBeUndefined();
  });
});
