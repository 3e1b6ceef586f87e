// The Sherpa compatibility corpus that sits beside the repository (../shared/compat/sherpa).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '../../../../shared/compat/sherpa');
export interface CorpusCase { file: string; expect: 'valid' | 'invalid'; reason?: string; stage?: 'parse' | 'validate' | 'server'; text: string }

export function corpus(): CorpusCase[] {
  const list = JSON.parse(readFileSync(join(CORPUS_DIR, 'expectations.json'), 'utf8')) as Omit<CorpusCase, 'text'>[];
  return list.map((c) => ({ ...c, text: readFileSync(join(CORPUS_DIR, c.file), 'utf8') }));
}
