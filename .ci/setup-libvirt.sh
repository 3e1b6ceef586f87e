#!/usr/bin/env bash
# Sets up a local libvirt + QEMU backend on Debian 12 without systemd (run as root); idempotent.
# Facts behind each step: ../shared/docs/libvirt-backend.md §1-§2.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -o DPkg::Lock::Timeout=900"
need=()
for b in virsh qemu-system-x86_64 qemu-img tini as dnsmasq iptables mformat syslinux xorriso ssh ssh-keygen tshark; do command -v "$b" >/dev/null || need+=("$b"); done
[ -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ] || need+=(driver)
[ -e /usr/share/qemu/firmware/60-edk2-x86_64.json ] || need+=(ovmf)
if [ ${#need[@]} -gt 0 ]; then
  $APT update -qq
  # not libvirt-daemon-system: it pulls in systemd, polkit and iptables
  $APT install -y -qq --no-install-recommends \
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils tini binutils \
    dnsmasq-base iptables \
    ovmf mtools syslinux syslinux-common xorriso openssh-client tshark >/dev/null
  # dnsmasq, iptables: bridges and the nat mode; ovmf, mtools: UEFI models and their test guest;
  # syslinux: the disk-booted Linux VM that answers the guest agent channel; xorriso: cloud-init seeds;
  # openssh-client: the lab key (ssh-keygen), SSH readiness and `sherpa-lab ssh`; tshark: the capture test
  # decodes its pcap with it too (the extension uses it when installed, its own decoder otherwise)
fi
getent group  libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
getent passwd libvirt-qemu >/dev/null || useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
mkdir -p /var/log/libvirt /etc/libvirt
# QEMU as root: /dev/kvm is root-only here and there is no kvm group
grep -q '^user = "root"' /etc/libvirt/qemu.conf 2>/dev/null || printf 'user = "root"\ngroup = "root"\n' > /etc/libvirt/qemu.conf
# a TCP listener on 127.0.0.1 only, without auth, for the tests of remote URIs (qemu+tcp://127.0.0.1/system)
grep -q '^listen_tcp = 1' /etc/libvirt/libvirtd.conf 2>/dev/null || \
  printf 'listen_tls = 0\nlisten_tcp = 1\nlisten_addr = "127.0.0.1"\nauth_tcp = "none"\n' > /etc/libvirt/libvirtd.conf
# a socket file (or a process) proves nothing: a machine restored from a snapshot keeps /run, and a
# dead virtlogd can linger as a zombie; only a connection shows that it serves
if ! node -e "require('net').connect('/run/libvirt/virtlogd-sock').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; then
  rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
  virtlogd -d
  for _ in $(seq 100); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.05; done
fi
if ! virsh -c qemu:///system uri >/dev/null 2>&1; then
  # tini -s: QEMU is double-forked; a subreaper makes 'virsh destroy' take 0.2 s instead of 1.5 s
  nohup tini -s -- libvirtd --listen >/var/log/libvirt/libvirtd.stdout 2>&1 </dev/null &
  echo $! > /run/libvirtd-tini.pid
fi
for _ in $(seq 300); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.1; done
virsh -c qemu+tcp://127.0.0.1/system uri >/dev/null
virsh -c qemu:///system version
# LIBVIRT_DEBUG_LOG=FILE: libvirtd's own reasons (process start-up, monitor, client calls) into FILE, to
# catch a start that libvirtd gives up on (issue 11): the QEMU log only has QEMU's last words
if [ -n "${LIBVIRT_DEBUG_LOG:-}" ]; then
  virt-admin daemon-log-filters "1:qemu.qemu_process 1:qemu.qemu_monitor 1:qemu.qemu_driver 1:rpc.virnetserverclient 3:remote 4:util 4:object 4:rpc 4:json 4:event 3:qemu" >/dev/null
  virt-admin daemon-log-outputs "1:file:$LIBVIRT_DEBUG_LOG" >/dev/null
fi
