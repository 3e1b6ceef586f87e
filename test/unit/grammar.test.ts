// The TextMate grammar, run through vscode-textmate + oniguruma exactly as VS Code runs it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = resolve(__dirname, '../../..');
let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      parseRawGrammar(readFileSync(join(ROOT, 'syntaxes/sherpa-manifest.tmLanguage.json'), 'utf8'), 'grammar.json'),
  });
  grammar = (await registry.loadGrammar('source.toml.sherpa'))!;
});

/** scopes of every token, per line, as "text => scope scope" */
function tokens(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.set(s.trim(), t.scopes);
    }
    state = r.ruleStack;
  }
  return out;
}
const has = (m: Map<string, string[]>, text: string, scope: string) => {
  const scopes = m.get(text);
  assert.ok(scopes, `no token "${text}" in ${[...m.keys()].join(' | ')}`);
  assert.ok(
    scopes!.some((s) => s.includes(scope)),
    `"${text}" has ${scopes!.join(', ')}, not ${scope}`,
  );
};

test('headers, keys, comments and scalar values', () => {
  const t = tokens('# lab\nname = "demo"\nready_timeout = 120\n[[nodes]]\nskip_ready_check = true\n[ztp_server]\n');
  has(t, 'lab', 'comment.line.number-sign.toml');
  has(t, 'name', 'support.type.property-name.toml');
  has(t, '120', 'constant.numeric.toml');
  has(t, 'nodes', 'entity.name.section.array.toml');
  has(t, 'true', 'constant.language.boolean.toml');
  has(t, 'ztp_server', 'entity.name.section.toml');
});

test('model names are scoped, in tables and inline', () => {
  const t = tokens(
    '[[nodes]]\nmodel = "unikraft_unikernel"\nnodes = [\n  { name = "a", model = "cisco_iosv", memory = 768 },\n]\n',
  );
  has(t, 'unikraft_unikernel', 'entity.name.type.model.sherpa');
  has(t, 'cisco_iosv', 'entity.name.type.model.sherpa');
  has(t, '768', 'constant.numeric.toml');
});

test('link endpoints split into node, separator and interface', () => {
  const t = tokens('links = [{ src = "r1::gig0/1", dst = "u1::eth1" }]\n[[bridges]]\nlinks = ["a::ge-0/0/0"]\n');
  has(t, 'r1', 'entity.name.tag.node.sherpa');
  has(t, 'gig0/1', 'variable.other.interface.sherpa');
  has(t, 'ge-0/0/0', 'variable.other.interface.sherpa');
  has(t, 'u1', 'entity.name.tag.node.sherpa');
});

test('multi-line arrays and strings keep their state across lines', () => {
  const t = tokens(
    'environment_variables = [\n  "A=1",\n  "B=2", # two\n]\nkernel_cmdline = """\n/usr/bin/app\n"""\nafter = 1\n',
  );
  has(t, 'A=1', 'string.quoted.double.toml');
  has(t, 'two', 'comment.line.number-sign.toml');
  has(t, '/usr/bin/app', 'string.quoted.triple.toml');
  has(t, 'after', 'support.type.property-name.toml');
});
