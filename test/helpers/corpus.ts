// The Sherpa compatibility corpus: our own copy under test/compat/sherpa (each case keeps its Sherpa source).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '../../../test/compat/sherpa');
export interface CorpusCase {
  file: string;
  expect: 'valid' | 'invalid';
  reason?: string;
  stage?: 'parse' | 'validate' | 'server';
  text: string;
}

export function corpus(): CorpusCase[] {
  const list = JSON.parse(readFileSync(join(CORPUS_DIR, 'expectations.json'), 'utf8')) as Omit<CorpusCase, 'text'>[];
  return list.map((c) => ({ ...c, text: readFileSync(join(CORPUS_DIR, c.file), 'utf8') }));
}
