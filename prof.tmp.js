const { generateManifest } = require('/work/main/out/test/helpers/generate');
const { parseToml } = require('/work/main/out/common/toml/parser');
const { validateManifest } = require('/work/main/out/common/manifest/validate');
const { viewOf } = require('/work/main/out/common/manifest/view');
const { LineIndex } = require('/work/main/out/common/toml/lineIndex');
const { diagnostics } = require('/work/main/out/server/src/language/diagnostics');
const { analyse } = require('/work/main/out/server/src/language/service');
const smol = require('/work/main/node_modules/smol-toml');
for (const style of ['tables', 'inline']) {
  const text = generateManifest(10000, style);
  const t = (name, f, n = 10) => {
    for (let i = 0; i < 3; i++) f();
    const a = [];
    let r;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      r = f();
      a.push(performance.now() - s);
    }
    a.sort((x, y) => x - y);
    console.log(style, name, a[n >> 1].toFixed(1));
    return r;
  };
  t('smol', () => smol.parse(text));
  const doc = t('parseToml', () => parseToml(text));
  t('viewOf', () => viewOf(doc));
  t('LineIndex', () => new LineIndex(text));
  t('validate', () => validateManifest(text));
  const a = t('analyse', () => analyse(text));
  t('diagnostics', () => diagnostics(a));
  console.log(text.length, text.split('\n').length);
}
