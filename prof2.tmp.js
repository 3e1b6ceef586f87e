const { generateManifest } = require('/work/main/out/test/helpers/generate');
const { parseToml } = require('/work/main/out/common/toml/parser');
const { validateManifest } = require('/work/main/out/common/manifest/validate');
const text = generateManifest(10000, process.argv[2]||'inline');
console.log(text.length, text.slice(0,600));
for (let i=0;i<30;i++) validateManifest(text);
