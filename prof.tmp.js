const {generateManifest}=require('./out/test/helpers/generate.js');
const {parseToml}=require('./out/common/toml/parser.js');
const {validateManifest}=require('./out/common/manifest/validate.js');
const smol=require('smol-toml');
const {LineIndex}=require('./out/common/toml/lineIndex.js');
for (const style of ['inline','tables']) {
const t=generateManifest(10000, style);
const T=(name,f)=>{ for(let i=0;i<3;i++) f(); const s=[]; for(let i=0;i<7;i++){const a=performance.now(); f(); s.push(performance.now()-a)} s.sort((a,b)=>a-b); console.log(style, name, s[3].toFixed(1)); };
T('smol', ()=>smol.parse(t));
T('ours parse', ()=>parseToml(t));
T('lineindex', ()=>new LineIndex(t));
T('validate', ()=>validateManifest(t));
console.log(validateManifest(t).problems.length);
}
