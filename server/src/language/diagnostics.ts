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

/** at most this many per document: a 100,000-line file of mistakes must not become a 35 MB message */
export const MAX_DIAGNOSTICS = 1000;

export function diagnostics(a: Analysis, max = MAX_DIAGNOSTICS): Diagnostic[] {
  const problems = a.validation.problems;
  // errors first when there are too many, so that the cap never hides one behind warnings
  const kept =
    problems.length <= max ? problems : [...problems].sort((x, y) => rank(x.severity) - rank(y.severity)).slice(0, max);
  const list = kept.map((p) => {
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
  if (problems.length > max) {
    const last = kept[kept.length - 1];
    list.push({
      range: toRange(a, last),
      severity: DiagnosticSeverity.Information,
      code: 'more-problems',
      source: 'sherpa',
      message: `${problems.length - max} more problems are not shown (at most ${max} per file)`,
    });
  }
  return list;
}

const rank = (s: Severity) => ['error', 'warning', 'information', 'hint'].indexOf(s);
