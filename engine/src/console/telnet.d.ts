export declare class TelnetDecoder {
  private state;
  decode(chunk: Uint8Array): Buffer;
}
export declare function escapeInput(data: Uint8Array): Buffer;
