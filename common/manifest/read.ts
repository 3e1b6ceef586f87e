// A manifest file's text as every CLI path reads it: UTF-8, with a leading byte-order mark dropped
// (editors on some systems write one; VS Code already drops it from the documents it opens).
import { readFileSync } from 'node:fs';

export function readManifestFile(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
