// Following a node's serial log: bytes appended later are seen, and a deadline's error tells a guest that
// printed nothing (no file, or what it holds, with its size on disk) from output we did not see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForSerial } from '../../engine/src/lab/serialLog';

const dir = () => mkdtempSync(join(tmpdir(), 'serial-log-'));

test('a line appended after the wait began resolves it, with everything before it', async () => {
  const log = join(dir(), 'n1.log');
  writeFileSync(log, 'booting\n');
  const seen = waitForSerial(log, /READY/, 10_000);
  appendFileSync(log, 'READY\n');
  assert.equal(await seen, 'booting\nREADY\n');
});

test('a file made after the wait began is followed from its first byte', async () => {
  const log = join(dir(), 'n2.log');
  const seen = waitForSerial(log, 'READY', 10_000);
  writeFileSync(log, 'hello\nREADY\n');
  assert.equal(await seen, 'hello\nREADY\n');
});

test("at the deadline the error gives the file's size on disk and its end", async () => {
  const log = join(dir(), 'n3.log');
  writeFileSync(log, 'booting\n');
  await assert.rejects(waitForSerial(log, /READY/, 50), /after 50 ms \(8 bytes on disk\); it holds: "booting\\n"/);
});

test('at the deadline a log that was never made is named as such', async () => {
  await assert.rejects(waitForSerial(join(dir(), 'n4.log'), /READY/, 50), /after 50 ms \(no file\); it holds: ""/);
});
