// Problems -> LSP diagnostics. Quick fixes travel in `data` so code actions need no second analysis.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { Fix, Severity } from '../../../common/manifest/problem';
import { toRange, type Analysis } from './service';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  fixes: Fix[];
}

export function diagnostics(a: Analysis): Diagnostic[] {
  return a.validation.problems.map((p) => {
    const d: Diagnostic = {
      range: toRange(a, p),
      severity: SEVERITY[p.severity],
      code: p.code,
      source: 'sherpa',
      message: p.message,
    };
    if (p.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
    if (p.fixes?.length) d.data = { fixes: p.fixes } satisfies DiagnosticData;
    return d;
  });
}
