// Re-checking after a keystroke inside one value: the value is spliced into the last parse (../toml/splice.ts)
// and only what the edit can change is checked again: in a node, the node's own rules and the link and bridge
// ends that name it (their interfaces depend on its model and interface count); in a root key, its structure and
// the rule that reads ready_timeout. Every other problem is kept, moved by the edit. An edit this cannot take (a
// node's name, which links refer to; a link or bridge; a [header] table; a splice refused) answers undefined and
// the caller validates the whole text.
// test/unit/splice.test.ts holds it to a full validation on random edits.
import type { ImageIndex } from '../images/index';
import type { Span, TomlTable } from '../toml/ast';
import { spliceValue, type TextChange } from '../toml/splice';
import { firstWhere } from '../sorted';
import { catalog } from '../catalog/catalog';
import { Problems, type Fix, type Problem } from './problem';
import type { FileProbe } from './rules/files';
import { checkNodeEnds, checkSherpaNode } from './rules/sherpa';
import { checkNodeStructure, checkRootEntry } from './rules/structure';
import type { RuleContext } from './rules/context';
import { ruleContext, RULE_NAMES, runRules, sortedProblems, type RuleName, type Validation } from './validate';
import { str, type NodeView } from './view';

/** rules that look at one node at a time: re-run for the edited node alone */
const PER_NODE: RuleName[] = ['kinds', 'names', 'provisioning', 'images', 'files'];

export function revalidate(
  prev: Validation,
  change: TextChange,
  images: ImageIndex,
  files?: FileProbe,
): Validation | undefined {
  if (images !== prev.images) return undefined;
  const { view } = prev;
  const node = nodeAt(view.nodes, change.start);
  if (node) {
    // (a node on the first line shares it with the root table's problems: a missing root key is reported there;
    // found without the line table, which a keystroke otherwise never needs: 5 ms to build on 10,000 nodes)
    const nl = prev.lines.text.indexOf('\n');
    if (change.end > node.table.end || (nl >= 0 && node.table.start <= nl)) return undefined;
    const entry = [...node.table.entries.values()].find((e) => holds(e.value, change));
    if (!entry || entry.key === 'name') return undefined; // links and bridges name nodes
    return recheck(prev, change, images, (ctx) => nodeScope(ctx, node, files));
  }
  // a root key's value (not nodes, links or bridges): its structure, and the rule that reads ready_timeout
  const kv = view.doc.root.keyvals.find((k) => holds(k.value, change));
  if (!kv || !kv.single || ['nodes', 'links', 'bridges'].includes(kv.key)) return undefined;
  return recheck(prev, change, images, (ctx) => {
    ctx.view = { ...ctx.view, nodes: [], links: [], bridges: [] };
    const fresh = runRules(ctx, undefined, ['kinds']);
    ctx.out = new Problems();
    checkRootEntry(ctx, kv.key);
    fresh.structure = ctx.out.list;
    const inValue = within(kv.value);
    return { fresh, replaced: (r, p) => (r === 'kinds' || r === 'structure') && inValue(p) };
  });
}

const holds = (v: Span, c: TextChange) => v.start <= c.start && c.end <= v.end;

/** what a scope re-checks: the rules' new problems in it, and which problems (old or new) belong to it */
interface Scope {
  fresh: Partial<Record<RuleName, Problem[]>>;
  replaced: (rule: RuleName, p: Problem) => boolean;
}

/** the edited node's own rules, and the ends of links and bridges that name it */
function nodeScope(ctx: RuleContext, node: NodeView, files: FileProbe | undefined): Scope {
  const { view } = ctx;
  // the node gets a new view (what is derived from it, its interfaces and image, is cached by the view object)
  const model = str(node.table, 'model');
  const modelInfo = model && catalog().model(model.value);
  const edited: NodeView = { ...node, model, modelInfo, interfaces: undefined, resolved: undefined };
  view.nodes[edited.index - 1] = edited;
  if (node.name && view.nodeByName.get(node.name.value) === node) view.nodeByName.set(node.name.value, edited);
  ctx.view = { ...view, nodes: [edited] };
  const fresh = runRules(ctx, files, PER_NODE);
  ctx.out = new Problems();
  checkNodeStructure(ctx, edited.table);
  fresh.structure = ctx.out.list;
  ctx.out = new Problems();
  checkSherpaNode(ctx, edited);
  const ends = checkNodeEnds(ctx, edited);
  fresh.sherpa = ctx.out.list;
  const inNode = within(node.table);
  const inEnds = (p: Problem) => ends.some((e) => within(e)(p));
  return {
    fresh,
    replaced: (r, p) =>
      r === 'sherpa'
        ? (inNode(p) && p.code !== 'duplicate-node') || inEnds(p) // names did not change: nor did duplicates
        : (PER_NODE.includes(r) || r === 'structure') && inNode(p),
  };
}

/** splices the change into the last parse, moves what it moved, re-checks the scope and keeps the rest */
function recheck(
  prev: Validation,
  change: TextChange,
  images: ImageIndex,
  scope: (ctx: RuleContext) => Scope,
): Validation | undefined {
  const { view } = prev;
  const delta = change.text.length - (change.end - change.start);
  if (!spliceValue(view.doc, change)) return undefined;
  // from here on the old tree is the new one: everything below must succeed
  const at = change.end;
  const text = view.doc.text;
  // (link and bridge ends read their spans off their values, which the splice moved)
  const lines = prev.lines.shifted(text, at, delta);
  let headerOf: Map<TomlTable, Span> | undefined;
  const header = (t: TomlTable) =>
    (headerOf ??= new Map(view.doc.headers.map((h) => [h.table, { start: h.start, end: h.end }]))).get(t);
  const ctx = ruleContext(view, text, images, lines, false, header);
  const { fresh, replaced } = scope(ctx);
  const byRule = { ...prev.byRule };
  for (const r of RULE_NAMES) {
    const kept = byRule[r].map((p) => moved(p, at, delta)).filter((p) => !replaced(r, p));
    const added = (fresh[r] ?? []).filter((p) => replaced(r, p));
    byRule[r] =
      kept.length || added.length ? [...kept, ...added].sort((a, b) => a.start - b.start || a.end - b.end) : [];
  }
  return { view, problems: sortedProblems(byRule), lines, byRule, images };
}

/** the node whose table holds `offset` (nodes are in document order) */
function nodeAt(nodes: NodeView[], offset: number): NodeView | undefined {
  const n = nodes[firstWhere(nodes, (x) => x.table.start > offset) - 1];
  return n && offset < n.table.end ? n : undefined;
}

const within = (s: Span) => (p: Problem) => p.start >= s.start && p.end <= s.end;

function moved(p: Problem, at: number, delta: number): Problem {
  const shift = (x: number) => (x >= at ? x + delta : x);
  if (p.end < at && !p.fixes?.some((f) => f.edits.some((e) => e.end >= at))) return p;
  const fixes = p.fixes?.map((f): Fix => ({
    ...f,
    edits: f.edits.map((e) => ({ ...e, start: shift(e.start), end: shift(e.end) })),
  }));
  return { ...p, start: shift(p.start), end: shift(p.end), ...(fixes ? { fixes } : {}) };
}
