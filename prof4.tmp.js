const {generateManifest}=require('./out/test/helpers/generate.js');
const {parseToml}=require('./out/common/toml/parser.js');
const t=generateManifest(10000, 'tables');
for(let i=0;i<30;i++) parseToml(t);
