// A TOML 1.0.0 conformance corpus of our own, from the specification's text (https://toml.io/en/v1.0.0):
// its examples of valid documents, the ones it marks INVALID, and each form TOML 1.1 added (which Sherpa,
// reading with the Rust toml crate 0.8, refuses). The tolerant parser must agree with every case, and on
// the valid ones read the same values as smol-toml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as smolParse } from 'smol-toml';
import { validateManifest } from '../../common/manifest/validate';
import { parseToml, toPlain } from '../../common/toml/parser';

const VALID: [string, string][] = [
  [
    'comment',
    '# This is a full-line comment\nkey = "value"  # This is a comment at the end of a line\n' +
      'another = "# This is not a comment"\n',
  ],
  ['bare keys', 'key = "value"\nbare_key = "value"\nbare-key = "value"\n1234 = "value"\n'],
  [
    'quoted keys',
    '"127.0.0.1" = "value"\n"character encoding" = "value"\n"ʎǝʞ" = "value"\n\'key2\' = "value"\n' +
      '\'quoted "value"\' = "value"\n',
  ],
  ['empty quoted key', '"" = "blank"\n'],
  ['escaped newline in a quoted key', '"a\\nb" = 1\n'],
  ['dotted keys', 'name = "Orange"\nphysical.color = "orange"\nphysical.shape = "round"\nsite."google.com" = true\n'],
  ['whitespace around dots', 'fruit.name = "banana"\nfruit. color = "yellow"\nfruit . flavor = "banana"\n'],
  [
    'dotted keys out of order',
    'apple.type = "fruit"\norange.type = "fruit"\napple.skin = "thin"\norange.skin = "thick"\n',
  ],
  ['float-like dotted key', '3.14159 = "pi"\n'],
  ['basic string escapes', 'str = "I\'m a string. \\"You can quote me\\". Name\\tJos\\u00E9\\nLocation\\tSF."\n'],
  ['multi-line basic string', 'str1 = """\nRoses are red\nViolets are blue"""\n'],
  [
    'line-ending backslash',
    'str3 = """\\\n       The quick brown \\\n       fox jumps over \\\n       the lazy dog.\\\n       """\n',
  ],
  [
    'quotes inside multi-line',
    'str4 = """Here are two quotation marks: "". Simple enough."""\n' +
      'str5 = """Here are three quotation marks: ""\\"."""\n',
  ],
  [
    'literal strings',
    "winpath  = 'C:\\Users\\nodejs\\templates'\nquoted   = 'Tom \"Dubs\" Preston-Werner'\nregex    = '<\\i\\c*\\s*>'\n",
  ],
  [
    'multi-line literal',
    "regex2 = '''I [dw]on't need \\d{2} apples'''\nlines  = '''\nThe first newline is\ntrimmed in raw strings.\n'''\n",
  ],
  [
    'integers',
    'int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nint6 = 5_349_221\nint7 = 53_49_221\nint8 = 1_2_3_4_5\n',
  ],
  [
    'prefixed integers',
    'hex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\noct1 = 0o01234567\noct2 = 0o755\nbin1 = 0b11010110\n',
  ],
  [
    'floats',
    'flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\n' +
      'flt8 = 224_617.445_991_228\n',
  ],
  ['special floats', 'sf1 = inf\nsf2 = +inf\nsf3 = -inf\n'],
  ['booleans', 'bool1 = true\nbool2 = false\n'],
  [
    'offset date-times',
    'odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\n' +
      'odt4 = 1979-05-27 07:32:00Z\n',
  ],
  [
    'local date-times, dates, times',
    'ldt1 = 1979-05-27T07:32:00\nld1 = 1979-05-27\nlt1 = 07:32:00\nlt2 = 00:32:00.999999\n',
  ],
  [
    'arrays',
    'integers = [ 1, 2, 3 ]\ncolors = [ "red", "yellow", "green" ]\n' +
      'nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]\nstring_array = [ "all", \'strings\', """are the same""", ' +
      "'''type''' ]\nnumbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\n",
  ],
  ['multi-line arrays with trailing comma', 'integers2 = [\n  1, 2, 3\n]\nintegers3 = [\n  1,\n  2, # this is ok\n]\n'],
  ['tables', '[table-1]\nkey1 = "some string"\nkey2 = 123\n\n[table-2]\nkey1 = "another string"\nkey2 = 456\n'],
  [
    'table header keys',
    '[dog."tater.man"]\ntype.name = "pug"\n[a.b.c]\n[ d.e.f ]\n[ g .  h  . i ]\n[ j . "ʞ" . \'l\' ]\n',
  ],
  ['super-tables need not be defined', '[x.y.z.w]\n[x]\n'],
  [
    'sub-tables added to a dotted table',
    '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n',
  ],
  [
    'inline tables',
    'name = { first = "Tom", last = "Preston-Werner" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = "pug" }\n',
  ],
  ['array value on several lines inside an inline table', 'n = { a = [1,\n2] }\n'],
  [
    'arrays of tables',
    '[[products]]\nname = "Hammer"\nsku = 738594937\n\n[[products]]  # empty table within the array\n\n' +
      '[[products]]\nname = "Nail"\nsku = 284758393\ncolor = "gray"\n',
  ],
  [
    'nested arrays of tables',
    '[[fruits]]\nname = "apple"\n[fruits.physical]\ncolor = "red"\n[[fruits.varieties]]\nname = "red delicious"\n' +
      '[[fruits]]\nname = "banana"\n[[fruits.varieties]]\nname = "plantain"\n',
  ],
  ['inline arrays of tables', 'points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 } ]\n'],
];

const INVALID: [string, string][] = [
  ['key without value', 'key = # INVALID\n'],
  ['two keys on a line', 'first = "Tom" last = "Preston-Werner" # INVALID\n'],
  ['empty bare key', '= "no key name"  # INVALID\n'],
  ['duplicate key', 'name = "Tom"\nname = "Pradyun"\n'],
  ['bare and quoted duplicate', 'spelling = "favorite"\n"spelling" = "favourite"\n'],
  ['value then table', 'fruit.apple = 1\nfruit.apple.smooth = true\n'],
  ['multi-line quoted key', '"""key""" = 1\n'],
  ['unknown escape', 'a = "\\q"\n'],
  ['five quotes in a multi-line literal', "apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''\n"],
  ['leading zero', 'a = 0123\n'],
  ['underscore not between digits', 'a = 1__2\n'],
  ['invalid floats', 'invalid_float_1 = .7\n'],
  ['invalid floats 2', 'invalid_float_2 = 7.\n'],
  ['invalid floats 3', 'invalid_float_3 = 3.e+20\n'],
  ['table defined twice', '[fruit]\napple = "red"\n[fruit]\norange = "orange"\n'],
  ['table then key', '[fruit]\napple = "red"\n[fruit.apple]\ntexture = "smooth"\n'],
  ['dotted table then header', '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple]\n'],
  ['dotted sub-table then header', '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple.taste]\n'],
  ['dotted root table then header', 'ztp_server.enable = true\n[ztp_server]\nurl = "x"\n'],
  ['inline table extended', '[product]\ntype = { name = "Nail" }\ntype.edible = false\n'],
  ['inline table extended by header', '[product]\ntype.name = "Nail"\n[product.type]\n'],
  ['static array appended', 'fruits = []\n[[fruits]]\n'],
  [
    'array of tables as table',
    '[[fruits]]\nname = "apple"\n[[fruits.varieties]]\nname = "red delicious"\n[fruits.varieties]\n' +
      'name = "granny smith"\n',
  ],
  ['table as array of tables', '[fruit.physical]\ncolor = "red"\n[[fruit]]\nname = "x"\n'],
  ['unclosed array', 'a = [1, 2\n'],
  ['unclosed inline table', 'a = { b = 1\n'],
  ['bad month', 'd = 1979-13-01\n'],
  // forms TOML 1.1 added, which Sherpa (TOML 1.0) refuses
  ['1.1: newline in an inline table', 'a = { b = 1,\n  c = 2 }\n'],
  ['1.1: trailing comma in an inline table', 'a = { b = 1, }\n'],
  ['1.1: \\x escape', 'a = "\\x41"\n'],
  ['1.1: \\e escape', 'a = "\\e[0m"\n'],
  ['1.1: time without seconds', 't = 07:32\n'],
  ['1.1: date-time without seconds', 't = 1979-05-27T07:32Z\n'],
];

test('TOML 1.0.0 specification: every valid example parses, with the values smol-toml reads', () => {
  for (const [name, text] of VALID) {
    const doc = parseToml(text);
    assert.deepEqual(doc.errors, [], name);
    const norm = (x: unknown): unknown =>
      JSON.parse(
        JSON.stringify(x, (_k, v) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v)),
      );
    const ours = norm(toPlain(doc.root));
    const theirs = norm(smolParse(text));
    if (!/date|time/.test(name)) assert.deepEqual(ours, theirs, name);
  }
});

test('TOML 1.0.0 specification: every INVALID example and every TOML 1.1 form is a toml-syntax error', () => {
  for (const [name, text] of INVALID) {
    assert.ok(parseToml(text).errors.length > 0, `${name}: no error for ${JSON.stringify(text)}`);
    const syntax = validateManifest(text).problems.filter((p) => p.code === 'toml-syntax');
    assert.equal(syntax.length, 1, name);
    if (name.startsWith('1.1:'))
      assert.match(syntax[0].message, /TOML 1\.1 allows it, but Sherpa reads TOML 1\.0/, name);
  }
});

test('a syntax error is placed on its token: an unclosed [ at the bracket, a 1.1 form at its character', () => {
  const at = (text: string) => validateManifest(text).problems.find((p) => p.code === 'toml-syntax')!;
  const unclosed = 'name = "x"\nnodes = [\n  { name = "a", model = "generic_vm" },\n\n[[links]]\nsrc = "a::eth1"\n';
  assert.equal(at(unclosed).start, unclosed.indexOf('['));
  const comma = 'name = "x"\nn = { a = 1, }\n';
  assert.equal(at(comma).start, comma.indexOf(', }'));
  const esc = 'name = "x"\nk = "ab\\x41"\n';
  assert.equal(at(esc).start, esc.indexOf('\\x'));
});
