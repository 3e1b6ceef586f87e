const { generateManifest } = require('/work/main/out/test/helpers/generate');
const { parseToml } = require('/work/main/out/common/toml/parser');
const text = generateManifest(10000, process.argv[2] || 'inline');
for (let i = 0; i < 30; i++) parseToml(text);
