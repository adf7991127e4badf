/** Every message text of the media errors. Keys, parameters and tokens never appear in them. */
export const MediaMessages = {
  unsupportedSource: (what: string): string =>
    `Cannot read media from ${what}: give a Buffer, a file path, a Readable, an http(s) URL, ` +
    '{ path }, { url } or { stream }',
  sourceUnreadable: (what: string, reason: string): string =>
    `Cannot read the media source (${what}): ${reason}`,
  sourceHostNotAllowed: (host: string): string =>
    `Refusing to fetch media from host "${host}": add it to WeixinMediaOptions.allowedSourceHosts ` +
    'if it is trusted',
  sourceHttpStatus: (host: string, status: number): string =>
    `Fetching media from host "${host}" answered HTTP ${status}` +
    (status >= 300 && status < 400 ? ' (redirects are not followed: give the final URL)' : ''),
  sourceEmpty: (what: string): string =>
    `The media source (${what}) is empty (0 bytes): there is nothing to send`,
  uploadTooLarge: (size: number, maxBytes: number): string =>
    `The media is ${size} bytes or more, above the upload limit of ${maxBytes} bytes ` +
    '(WeixinMediaOptions.maxUploadBytes or the maxBytes option)',
  uploadFailed: (stage: string, reason: string): string =>
    `Media upload failed at ${stage}: ${reason}`,
  noMedia: (): string =>
    'The message has no downloadable media (image, video, file or voice with a CDN reference, ' +
    'nor quoted media)',
  noThumbnail: (kind: string): string =>
    `The ${kind} item has no thumbnail (thumb_media); only images and videos may carry one`,
  missingKey: (kind: string): string =>
    `The ${kind} item carries no media.aes_key, so it cannot be decrypted (protocol §12.2)`,
  noSender: (): string =>
    'MediaService cannot send: no send service is registered under MEDIA_SENDER. Import ' +
    'WeixinModule with the outbound send service, or use upload() and send the PreparedMedia',
  noDownloader: (): string =>
    'ctx.download() needs the message to come from the inbox dispatcher (this context was built ' +
    'without a media downloader)',
  voiceFormat: (detected: string): string =>
    `Cannot send this audio as native voice (detected: ${detected}): give a WAV file, raw ` +
    '16-bit mono PCM with the sampleRate option, or SILK. MP3 and OGG are not decoded (no ' +
    'decoder is bundled): convert them to WAV first, or send them with sendFile()',
  voiceRate: (rate: number): string =>
    `The SILK encoder does not take audio at ${rate} Hz: use 8000, 12000, 16000, 24000, 32000, ` +
    '44100 or 48000 Hz',
  voicePcmOdd: (bytes: number): string =>
    `Raw PCM must be 16-bit samples (an even byte count); got ${bytes} bytes`,
  voiceWavUnsupported: (): string =>
    'The WAV file holds no integer PCM (8/16/24/32-bit) or 32-bit float samples, or is truncated: ' +
    'convert it to 16-bit PCM',
  voiceEmpty: (): string => 'The audio is empty (0 bytes): there is nothing to send',
  voiceEncodeFailed: (why: string): string => `Encoding the audio as SILK failed: ${why}`,
} as const;
