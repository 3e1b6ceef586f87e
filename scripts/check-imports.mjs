// The rooms' import rule (npm run lint): client and server reach common; the client reaches the engine
// only through its front door (engine/src/index.ts), and so does the CLI inside the engine; the server
// never reaches the engine or the client; common reaches no other room. TypeScript's project
// references keep the rooms apart by type; this adds the front door, which types cannot express.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT, sourceFiles } from './sourceFiles.mjs';

const FRONT_DOOR = 'engine/src/index.ts';
const roomOf = (file) =>
  ['common', 'engine/src', 'server/src', 'client/src'].find((r) => file === r || file.startsWith(`${r}/`));
const ALLOWED = {
  common: ['common'],
  'engine/src': ['common', 'engine/src'],
  'server/src': ['common', 'server/src'],
  'client/src': ['common', 'client/src', 'engine/src'],
};

const problems = [];
for (const room of Object.keys(ALLOWED)) {
  for (const file of sourceFiles(room, /\.ts$/)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // `from '…'` (imports and re-exports), a bare side-effect `import '…'`, `import(…)` and `require(…)`
    for (const m of text.matchAll(/(?:from\s+|import\s*\(?\s*|require\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g)) {
      const spec = m[2];
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
      const to = roomOf(target) ?? roomOf(`${target}.ts`);
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${file}:${line}`;
      if (!to) {
        problems.push(`${where}: imports ${spec}, outside every room`);
        continue;
      }
      if (!ALLOWED[room].includes(to)) {
        problems.push(`${where}: the ${room} room may not import ${to} (${spec})`);
        continue;
      }
      // the engine's front door: the client, and the CLI beside it, use nothing else of the engine
      const viaFrontDoor = `${target}.ts` === FRONT_DOOR || target === 'engine/src' || target === 'engine/src/index';
      const crossesDoor = to === 'engine/src' && (room === 'client/src' || file === 'engine/src/cli.ts');
      if (crossesDoor && !viaFrontDoor)
        problems.push(`${where}: imports ${spec}: use the engine's front door, ${FRONT_DOOR}`);
    }
  }
}
if (problems.length) {
  console.error(`import rule: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('import rule: ok');
