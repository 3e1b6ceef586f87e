const {generateManifest}=require('./out/test/helpers/generate.js');
const {parseToml}=require('./out/common/toml/parser.js');
const {viewOf}=require('./out/common/manifest/view.js');
for (const style of ['inline','tables']) {
const t=generateManifest(10000, style);
const T=(name,f)=>{ for(let i=0;i<3;i++) f(); const s=[]; for(let i=0;i<9;i++){const a=performance.now(); f(); s.push(performance.now()-a)} s.sort((a,b)=>a-b); console.log(style, name, s[4].toFixed(1)); };
T('ours parse', ()=>parseToml(t));
const d=parseToml(t);
T('view', ()=>viewOf(d));
T('JSON.parse of a didOpen message', ()=>JSON.parse(JSON.stringify({text:t})));
}
