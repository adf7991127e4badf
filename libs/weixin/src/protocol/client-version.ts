/**
 * Packs a `MAJOR.MINOR.PATCH` version into the `iLink-App-ClientVersion` value (protocol §3.3):
 * `0x00MMNNPP` as a decimal string. Missing or non-numeric components count as 0; each component
 * keeps its low 8 bits.
 *
 * @example packClientVersion('2.4.9') === '132105'
 */
export function packClientVersion(version: string): string {
  const [major, minor, patch] = version
    .trim()
    .split('.')
    .map((part) => Number.parseInt(part, 10));
  const byte = (n: number | undefined): number => (Number.isFinite(n) ? (n as number) & 0xff : 0);
  return String(((byte(major) << 16) | (byte(minor) << 8) | byte(patch)) >>> 0);
}
