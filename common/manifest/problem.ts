// Problems found in a manifest, in source offsets, with the quick fixes that go with them.
// The language server turns them into LSP diagnostics and code actions; the CLI prints them.

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Problem {
  start: number;
  end: number;
  severity: Severity;
  /** stable identifier, documented in README.md */
  code: string;
  message: string;
  fixes?: Fix[];
  /** the marked text has no effect (rendered faded) */
  unnecessary?: boolean;
}

export class Problems {
  readonly list: Problem[] = [];
  add(
    span: { start: number; end: number },
    severity: Severity,
    code: string,
    message: string,
    extra: Partial<Problem> = {},
  ): Problem {
    const p: Problem = { start: span.start, end: Math.max(span.end, span.start), severity, code, message, ...extra };
    this.list.push(p);
    return p;
  }
  error(span: { start: number; end: number }, code: string, message: string, extra?: Partial<Problem>): Problem {
    return this.add(span, 'error', code, message, extra);
  }
  warn(span: { start: number; end: number }, code: string, message: string, extra?: Partial<Problem>): Problem {
    return this.add(span, 'warning', code, message, extra);
  }
}
