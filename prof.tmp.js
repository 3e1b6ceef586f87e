const { generateManifest } = require('/work/main/out/test/helpers/generate');
const { parseToml } = require('/work/main/out/common/toml/parser');
const { validateManifest } = require('/work/main/out/common/manifest/validate');
const { parse } = require('/work/main/node_modules/smol-toml');
for (const style of ['inline','tables']) {
const text = generateManifest(10000, style);
const t = (f, n=10) => { for (let i=0;i<3;i++) f(); const s=[]; for (let i=0;i<n;i++){const a=performance.now(); f(); s.push(performance.now()-a);} s.sort((a,b)=>a-b); return s[n>>1].toFixed(1); };
let v;
console.log(style, 'smol', t(()=>parse(text)), 'ours parse', t(()=>parseToml(text)), 'validate', t(()=>{v=validateManifest(text)}), 'problems', v.problems.length);
}
