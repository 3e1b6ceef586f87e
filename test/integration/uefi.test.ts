// A UEFI model (rocky_linux: q35, SATA, UEFI) boots our UEFI test guest through OVMF, without Secure
// Boot; destroy also removes the variable store libvirt made for the domain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_IMAGES, labFolder, needLibvirt, testEngine, virsh } from '../helpers/libvirt';
import { waitForSerial } from '../../engine/src/lab/serialLog';

test('a UEFI VM boots through OVMF and destroy removes its NVRAM', { timeout: 120_000 }, async (t) => {
  if (!needLibvirt(t)) return;
  const image = join(FIXTURE_IMAGES, 'rocky_linux/uefi/virtioa.qcow2');
  if (!existsSync(image)) {
    const why = `no UEFI guest at ${image} (install mtools, run test/fixtures/guests/build.sh)`;
    if (process.env.REQUIRE_LIBVIRT === '1') throw new Error(why);
    t.skip(why);
    return;
  }
  const engine = testEngine();
  const m = labFolder(
    'name = "it-uefi"\n[[nodes]]\nname = "efi"\nmodel = "rocky_linux"\nversion = "uefi"\nmemory = ' +
      '128\nskip_ready_check = true\n',
  );
  const r = await engine.up(m);
  const domain = r.plan.nodes[0].domainName;
  try {
    const xml = virsh('dumpxml', domain);
    // libvirt resolved firmware='efi' to a concrete OVMF build: the one without Secure Boot
    const loader = /<loader[^>]*type=['"]pflash['"][^>]*>([^<]+)<\/loader>/.exec(xml)?.[1] ?? '';
    assert.match(loader, /OVMF_CODE/);
    assert.doesNotMatch(loader, /secboot|\.ms\.|snakeoil/);
    const nvram = /<nvram[^>]*>([^<]+)<\/nvram>/.exec(xml)?.[1];
    assert.ok(nvram && existsSync(nvram), `a per-domain variable store: ${nvram}`);
    await waitForSerial(r.plan.nodes[0].serialLog, 'READY', 90_000);
    await engine.destroy(r.plan.id);
    assert.ok(!existsSync(nvram), 'the NVRAM file went with the domain');
    assert.ok(!virsh('list', '--all', '--name').includes(domain));
  } finally {
    await engine.destroy(r.plan.id).catch(() => undefined);
  }
});
