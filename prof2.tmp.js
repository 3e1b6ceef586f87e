const {generateManifest}=require('./out/test/helpers/generate.js');
const {validateManifest}=require('./out/common/manifest/validate.js');
const t=generateManifest(10000, process.argv[2]||'tables');
for(let i=0;i<15;i++) validateManifest(t);
