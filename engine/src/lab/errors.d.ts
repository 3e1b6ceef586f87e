export declare class LabError extends Error {
  readonly node?: string | undefined;
  constructor(message: string, node?: string | undefined);
}
export declare class LabBusyError extends LabError {
  readonly lab: string;
  readonly op: string;
  readonly pid: number;
  constructor(lab: string, op: string, pid: number);
}
