// The one part of qrcode's API the forms use. @types/qrcode references Node's types, which would
// bring Node's globals into shared/ (checked without them by tsconfig.shared.json).
declare module 'qrcode' {
  export interface BitMatrix {
    size: number;
    get(row: number, col: number): number;
  }
  export interface QRCodeModel {
    modules: BitMatrix;
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeModel;
  const QRCode: { create: typeof create };
  export default QRCode;
}
