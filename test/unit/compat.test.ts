// Every case of Sherpa's own tests agrees: valid -> no error, invalid -> an error naming Sherpa's reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../../common/manifest/validate';
import { corpus } from '../helpers/corpus';

const cases = corpus();
test('the corpus is there and complete', () => assert.ok(cases.length >= 70, `only ${cases.length} cases`));

/** for parse-stage cases it is enough to name the same key or value: the first `quoted` word of the reason */
function named(reason: string): string {
  const m = /`([^`]+)`/.exec(reason);
  if (m) return m[1];
  if (/IPv6/.test(reason)) return 'IPv6';
  return 'syntax';
}

for (const c of cases) {
  test(`${c.file} is ${c.expect}`, () => {
    const errors = validateManifest(c.text).problems.filter((p) => p.severity === 'error');
    if (c.expect === 'valid') {
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
        'a manifest Sherpa accepts must get no error',
      );
      return;
    }
    assert.ok(errors.length > 0, 'an invalid manifest must get an error');
    if (c.reason!.startsWith('TOML syntax error')) {
      const line = Number(/line (\d+)/.exec(c.reason!)![1]);
      const lines = c.text.split('\n');
      const lineStart = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
      assert.ok(
        errors.some(
          (e) => e.code === 'toml-syntax' && e.start >= lineStart && e.start <= lineStart + lines[line - 1].length,
        ),
        'a syntax error on the reported line',
      );
    } else if (c.stage === 'parse') {
      const word = named(c.reason!);
      assert.ok(
        errors.some((e) => e.message.includes(word)),
        `no error names ${word}: ${errors.map((e) => e.message).join(' | ')}`,
      );
    } else {
      assert.ok(
        errors.some((e) => e.message.includes(c.reason!)),
        `no error contains Sherpa's text "${c.reason}": ${errors.map((e) => e.message).join(' | ')}`,
      );
    }
  });
}
