// The `qrcode` package ships no types and @types/qrcode is not installed: the one function this app uses.
declare module 'qrcode' {
  export function toDataURL(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number },
  ): Promise<string>;
}
