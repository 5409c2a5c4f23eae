// The part of UTIF.js (photopea, MIT) the scan assembly uses: decode a TIFF's pages to RGBA pixels.
declare module 'utif' {
  /** One image file directory: a page, a thumbnail or other subfile. Tags are 't<number>' arrays. */
  export interface IFD {
    [tag: `t${number}`]: number[] | string[] | undefined;
    width?: number;
    height?: number;
    data?: Uint8Array;
    subIFD?: IFD[];
  }
  export function decode(buffer: ArrayBuffer | Uint8Array): IFD[];
  export function decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: IFD, ifds?: IFD[]): void;
  /** RGBA, 8 bits per channel, width × height × 4 bytes. */
  export function toRGBA8(ifd: IFD): Uint8Array;
  export function encodeImage(rgba: ArrayBuffer | Uint8Array, width: number, height: number, metadata?: Record<string, unknown>): ArrayBuffer;
  const UTIF: { decode: typeof decode; decodeImage: typeof decodeImage; toRGBA8: typeof toRGBA8; encodeImage: typeof encodeImage };
  export default UTIF;
}
