// Errors the engine reports: each names the node (when there is one) and the reason.
export class LabError extends Error {
  constructor(
    message: string,
    readonly node?: string,
  ) {
    super(node ? `node '${node}': ${message}` : message);
  }
}

export class LabBusyError extends LabError {
  constructor(
    readonly lab: string,
    readonly op: string,
    readonly pid: number,
  ) {
    super(`lab ${lab} is busy: another operation (${op}${pid ? `, pid ${pid}` : ''}) is running on it`);
  }
}
