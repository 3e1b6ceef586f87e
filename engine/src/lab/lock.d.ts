export declare class LabLock {
  private readonly dir;
  constructor(dir?: string);
  /** f under the lab's lock; refuses at once when another live process holds it */
  with<T>(id: string, op: string, f: () => Promise<T>): Promise<T>;
  /** f under a host-wide lock named `name`, waiting (briefly) for other holders */
  waitFor<T>(name: string, f: () => Promise<T>, timeoutMs?: number): Promise<T>;
}
export declare function readOwner(file: string):
  | {
      pid: number;
      op: string;
    }
  | undefined;
export declare function alive(pid: number): boolean;
