// libvirt XML for a planned node, its storage pool and volumes. Always through xmlbuilder2, so every
// value from the manifest (names, kernel_cmdline) is escaped.
import { create } from 'xmlbuilder2';
import type { LabPlan, NetworkPlan, NodePlan, VolumePlan } from './types';
import { METADATA_NS, METADATA_PREFIX, metadataAttributes, planMetadata } from './metadata';
import { DISCARD_PORT, MGMT_PCI_SLOT } from './ports';
import { nicAlias } from './names';

const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';
const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
const pci = (slot: number) => ({ type: 'pci', domain: '0x0000', bus: '0x00', slot: hex(slot), function: '0x0' });

export function domainXml(lab: LabPlan, node: NodePlan): string {
  const d = create({ version: '1.0' }).ele('domain', { type: lab.domainType, 'xmlns:qemu': QEMU_NS });
  d.ele('name').txt(node.domainName);
  d.ele('metadata').ele(METADATA_NS, `${METADATA_PREFIX}:lab`, metadataAttributes(planMetadata(lab, node)));
  d.ele('memory', { unit: 'MiB' }).txt(String(node.memoryMiB));
  d.ele('vcpu', { placement: 'static' }).txt(String(node.vcpu));
  const os = d.ele('os', node.uefi ? { firmware: 'efi' } : {});
  os.ele('type', { arch: 'x86_64', machine: node.machine }).txt('hvm');
  if (node.uefi) {
    // lab images (network OSes, our own test guest) are rarely signed: libvirt would otherwise pick a
    // Secure Boot build with Microsoft's keys enrolled on q35, which refuses them
    const fw = os.ele('firmware');
    fw.ele('feature', { enabled: 'no', name: 'secure-boot' });
    fw.ele('feature', { enabled: 'no', name: 'enrolled-keys' });
  }
  if (node.kernel) {
    if (lab.qbootPath) os.ele('loader', { readonly: 'yes', type: 'rom' }).txt(lab.qbootPath);
    os.ele('kernel').txt(node.kernel.path);
    if (node.kernel.initrd) os.ele('initrd').txt(node.kernel.initrd.path);
    if (node.kernel.cmdline) os.ele('cmdline').txt(node.kernel.cmdline);
  } else {
    os.ele('boot', { dev: 'hd' });
  }
  const medium = node.provision && 'medium' in node.provision ? node.provision.medium : undefined;
  if (node.provision?.method === 'cloud-init' && medium) {
    // NoCloud's hint (Sherpa's too): SMBIOS system serial `ds=nocloud`; the seed is the `cidata` CD-ROM
    os.ele('smbios', { mode: 'sysinfo' });
    d.ele('sysinfo', { type: 'smbios' }).ele('system').ele('entry', { name: 'serial' }).txt('ds=nocloud');
  }
  // Ignition's config through fw_cfg, in libvirt's own XML (not QEMU arguments): libvirt checks and labels it
  if (medium?.kind === 'fwcfg')
    d.ele('sysinfo', { type: 'fwcfg' }).ele('entry', { name: medium.name, file: medium.path });
  d.ele('features').ele('acpi'); // without it a guest power-off is ignored
  // Sherpa's CPU. check='none': under software emulation a named model lacks features QEMU cannot
  // emulate (vmx among them) and runs without them instead of refusing to start
  if (node.cpu.mode === 'host-model') d.ele('cpu', { mode: 'host-model', check: 'none' });
  else {
    const cpu = d.ele('cpu', { mode: 'custom', match: 'exact', check: 'none' });
    cpu.ele('model', { fallback: 'allow' }).txt(node.cpu.model);
    for (const f of node.cpu.features) cpu.ele('feature', { policy: 'require', name: f });
  }
  const clock = d.ele('clock', { offset: 'utc' });
  clock.ele('timer', { name: 'rtc', tickpolicy: 'catchup' });
  clock.ele('timer', { name: 'pit', tickpolicy: 'delay' });
  clock.ele('timer', { name: 'hpet', present: 'no' });
  // Sherpa's power behaviour: poweroff -> destroy, reboot -> restart, crash -> destroy
  d.ele('on_poweroff').txt('destroy');
  d.ele('on_reboot').txt('restart');
  d.ele('on_crash').txt('destroy');

  const dev = d.ele('devices');
  if (node.disk) {
    const disk = dev.ele('disk', { type: 'volume', device: 'disk' });
    disk.ele('driver', { name: 'qemu', type: 'qcow2' });
    disk.ele('source', { pool: lab.pool.name, volume: node.disk.volume });
    disk.ele('target', { dev: node.disk.target, bus: node.disk.bus });
  }
  if (medium?.kind === 'iso') {
    const cd = dev.ele('disk', { type: 'file', device: 'cdrom' });
    cd.ele('driver', { name: 'qemu', type: 'raw' });
    cd.ele('source', { file: medium.path });
    cd.ele('target', { dev: medium.target, bus: medium.bus });
    cd.ele('readonly');
  }
  if (medium?.kind === 'fat') {
    const usb = medium.bus === 'usb';
    const disk = dev.ele('disk', { type: 'file', device: 'disk' });
    disk.ele('driver', { name: 'qemu', type: 'raw' });
    disk.ele('source', { file: medium.path });
    disk.ele(
      'target',
      usb ? { dev: medium.target, bus: 'usb', removable: 'on' } : { dev: medium.target, bus: medium.bus },
    );
    if (usb) disk.ele('address', { type: 'usb', bus: '0', port: '1' });
    else if (medium.pciSlot !== undefined) disk.ele('address', pci(medium.pciSlot));
  }
  // a USB disk needs a controller (Sherpa: qemu-xhci), on a slot we choose: libvirt does not know the
  // management NIC's slot when QEMU arguments add it
  if (medium?.kind === 'fat' && medium.bus === 'usb') {
    const c = dev.ele('controller', { type: 'usb', index: '0', model: 'qemu-xhci' });
    if (medium.pciSlot !== undefined) c.ele('address', pci(medium.pciSlot));
  } else dev.ele('controller', { type: 'usb', model: 'none' });
  if (node.management.kind === 'network') {
    // nat mode: Sherpa's management network, the address handed out by DHCP for this MAC
    const i = dev.ele('interface', { type: 'network' });
    i.ele('mac', { address: node.management.mac });
    i.ele('source', { network: node.management.network });
    i.ele('model', { type: nicModel(node) });
    i.ele('address', pci(MGMT_PCI_SLOT));
  }
  for (const nic of node.nics) {
    if (nic.network) {
      const b = dev.ele('interface', { type: 'network' });
      b.ele('source', { network: nic.network });
      b.ele('model', { type: nicModel(node) });
      b.ele('alias', { name: nicAlias(nic.name) });
      b.ele('address', pci(nic.pciSlot));
      continue;
    }
    const i = dev.ele('interface', { type: 'udp' });
    const src = i.ele('source', {
      address: nic.peer?.address ?? node.loopback,
      port: String(nic.peer?.port ?? DISCARD_PORT),
    });
    src.ele('local', { address: node.loopback, port: String(nic.localPort) });
    i.ele('model', { type: nicModel(node) });
    i.ele('alias', { name: nicAlias(nic.name) });
    i.ele('address', pci(nic.pciSlot));
  }
  for (const kind of ['serial', 'console'] as const) {
    // private: a UNIX socket (raw, no telnet) in the lab folder that only this user can enter
    const s = dev.ele(kind, { type: node.consoleSocket ? 'unix' : 'tcp' });
    if (node.consoleSocket) s.ele('source', { mode: 'bind', path: node.consoleSocket });
    else {
      s.ele('source', { mode: 'bind', host: node.loopback, service: String(node.consolePort) });
      s.ele('protocol', { type: 'telnet' });
    }
    // virtlogd keeps every byte from the first instruction, whether or not a client is connected
    if (kind === 'serial') s.ele('log', { file: node.serialLog, append: 'on' });
    s.ele('target', kind === 'serial' ? { port: '0' } : { type: 'serial', port: '0' });
  }
  // the guest agent channel of a VM: stop asks a guest whose agent answers to shut down instead of pulling the plug
  if (node.agentSlot !== undefined) {
    dev.ele('controller', { type: 'virtio-serial', index: '0' }).ele('address', pci(node.agentSlot));
    const ch = dev.ele('channel', { type: 'unix' });
    ch.ele('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' });
  }
  dev.ele('memballoon', { model: 'none' });

  if (node.management.kind !== 'user') return d.end({ prettyPrint: true });
  // management NIC: QEMU user networking with ports forwarded to the node's loopback address only
  const fwd = node.forwards.map((f) => `,hostfwd=tcp:${f.host}:${f.hostPort}-:${f.guestPort}`).join('');
  // TFTP ZTP: QEMU's own TFTP server, read-only, and the boot file its DHCP offers (options 66/67)
  const tftp = medium?.kind === 'tftp' ? `,tftp=${medium.dir},bootfile=${medium.bootfile}` : '';
  const device = node.model.nic === 'e1000' ? 'e1000' : 'virtio-net-pci';
  const cmd = d.ele(QEMU_NS, 'qemu:commandline');
  const bus = node.machine === 'q35' || node.machine.startsWith('pc-q35') ? 'pcie.0' : 'pci.0';
  for (const v of [
    '-netdev',
    `user,id=mgmt0${fwd}${tftp}`,
    '-device',
    `${device},netdev=mgmt0,mac=${node.management.mac},bus=${bus},addr=${hex(MGMT_PCI_SLOT)}`,
  ])
    cmd.ele(QEMU_NS, 'qemu:arg', { value: v });
  return d.end({ prettyPrint: true });
}

function nicModel(node: NodePlan): string {
  return node.model.nic === 'mac_vlan' ? 'virtio' : node.model.nic;
}

const DNSMASQ_NS = 'http://libvirt.org/schemas/network/dnsmasq/1.0';

/** a bridge: an L2-only network (no host address, so the host takes no part); nat: Sherpa's management network */
export function networkXml(net: NetworkPlan): string {
  const tftp = net.nat?.tftp;
  const httpZtp = net.nat?.http;
  const n = create({ version: '1.0' }).ele('network', tftp || httpZtp ? { 'xmlns:dnsmasq': DNSMASQ_NS } : {});
  n.ele('name').txt(net.name);
  if (net.nat) n.ele('forward', { mode: 'nat' });
  n.ele('bridge', { name: net.bridge, stp: 'off', delay: '0' });
  if (net.nat) {
    const ip = n.ele('ip', { address: net.nat.gateway, netmask: net.nat.netmask });
    if (tftp) ip.ele('tftp', { root: tftp.root });
    const dhcp = ip.ele('dhcp');
    dhcp.ele('range', { start: net.nat.dhcpStart, end: net.nat.dhcpEnd });
    for (const h of net.nat.hosts) dhcp.ele('host', { mac: h.mac, name: h.node, ip: h.ip });
  }
  if (tftp?.boots.length || httpZtp?.boots.length) {
    // per-node boot files (libvirt's own <bootp> has one for the whole network): tag each node by its MAC,
    // then the boot file (option 67) and the TFTP server (option 66, this network's gateway) for that tag;
    // HTTP ZTP: the ZTP JSON's URL as the boot file and option 239 (SONiC's ZTP URL), sent unasked
    const o = n.ele(DNSMASQ_NS, 'dnsmasq:options');
    for (const b of httpZtp?.boots ?? []) {
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-mac=set:${b.tag},${b.mac}` });
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-boot=tag:${b.tag},${b.url}` });
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-option-force=tag:${b.tag},239,"${b.url}"` });
    }
    for (const b of tftp?.boots ?? []) {
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-mac=set:${b.tag},${b.mac}` });
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-boot=tag:${b.tag},${b.file}` });
      o.ele(DNSMASQ_NS, 'dnsmasq:option', { value: `dhcp-option=tag:${b.tag},66,${net.nat!.gateway}` });
    }
  }
  return n.end({ prettyPrint: true });
}

export function poolXml(lab: LabPlan): string {
  const p = create({ version: '1.0' }).ele('pool', { type: 'dir' });
  p.ele('name').txt(lab.pool.name);
  // a fixed UUID lets the running pool be made persistent with the same XML (see LabEngine.create)
  p.ele('uuid').txt(`${lab.id}-7368-4572-8061-000000000001`);
  p.ele('target').ele('path').txt(lab.pool.path);
  return p.end({ prettyPrint: true });
}

export function volumeXml(v: VolumePlan): string {
  const vol = create({ version: '1.0' }).ele('volume');
  vol.ele('name').txt(v.name);
  if ('upload' in v.source) {
    vol.ele('capacity', { unit: 'bytes' }).txt(String(v.source.size));
    vol.ele('target').ele('format', { type: 'raw' });
  } else {
    vol.ele('capacity', { unit: 'bytes' }).txt(String(v.source.capacity));
    vol.ele('target').ele('format', { type: 'qcow2' });
    const b = vol.ele('backingStore');
    b.ele('path').txt(v.source.backingPath);
    b.ele('format', { type: 'qcow2' });
  }
  return vol.end({ prettyPrint: true });
}
