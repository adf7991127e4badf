import QRCode from 'qrcode';

/** Renders a QR content string as a PNG. */
export function renderQrPng(content: string): Promise<Buffer> {
  return QRCode.toBuffer(content, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 320,
  });
}

/** Renders a QR content string as a `data:image/png;base64,…` URL. */
export function renderQrDataUrl(content: string): Promise<string> {
  return QRCode.toDataURL(content, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
}
