const { generateManifest } = require('/work/main/out/test/helpers/generate');
const { parseToml } = require('/work/main/out/common/toml/parser');
const text = generateManifest(10000, process.argv[2]||'inline');
const s=[]; for (let i=0;i<40;i++){const a=performance.now(); parseToml(text); s.push(performance.now()-a);} s.sort((a,b)=>a-b); console.log('parse median', s[20].toFixed(1), 'min', s[0].toFixed(1));
