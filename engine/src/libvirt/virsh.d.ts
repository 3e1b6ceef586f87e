export declare class VirshError extends Error {
  readonly args: string[];
  readonly stderr: string;
  readonly exitCode?: number | undefined;
  constructor(args: string[], stderr: string, exitCode?: number | undefined);
  /** "failed to get domain", "Storage pool not found", ... */
  get notFound(): boolean;
}
export interface VirshOptions {
  binary?: string;
  uri: string;
  timeoutMs?: number;
}
export declare class Virsh {
  readonly opts: VirshOptions;
  constructor(opts: VirshOptions);
  get uri(): string;
  run(args: string[], timeoutMs?: number): Promise<string>;
  /** like run, but undefined when the object does not exist */
  maybe(args: string[]): Promise<string | undefined>;
}
/** qemu:///system and qemu:///session run here; anything with a host part is another machine */
export declare function isLocalUri(uri: string): boolean;
/** a URI whose transport runs a program to connect (`qemu+ext://`, `?command=`, or ssh's `netcat=`):
 *  only a user may choose such a URI, never a folder's settings */
export declare function uriRunsPrograms(uri: string): boolean;
