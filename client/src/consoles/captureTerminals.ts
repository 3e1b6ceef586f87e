// Packet captures in integrated terminals: one per lab + node + interface, a live line per frame
// (tshark's decode when installed, else the engine's built-in summary). Closing the terminal stops the
// capture; the pcap stays in the lab folder (destroy removes it) and "Open in Wireshark" opens it.
import { execa } from 'execa';
import * as vscode from 'vscode';
import { followCapture, onPath, type Capture, type LiveDecode } from '../../../engine/src/index';
import type { LabService } from '../labs/labService';

const LINES_KEPT = 2000;

export interface CaptureSession {
  capture: Capture;
  live: LiveDecode;
  terminal: vscode.Terminal;
  /** the last lines shown (at most LINES_KEPT: a capture may run for hours), and each as it comes */
  readonly lines: string[];
  readonly onLine: vscode.Event<string>;
}

export class CaptureTerminals implements vscode.Disposable {
  private readonly open = new Map<string, CaptureSession>();

  constructor(
    private readonly service: LabService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  session(lab: string, node: string, iface: string): CaptureSession | undefined {
    return this.open.get(`${lab}/${node}/${iface}`);
  }

  async show(lab: string, node: string, iface: string): Promise<CaptureSession> {
    const k = `${lab}/${node}/${iface}`;
    const existing = this.open.get(k);
    if (existing) {
      existing.terminal.show();
      return existing;
    }
    const capture = await this.service.engine.capture(lab, node, iface);
    const write = new vscode.EventEmitter<string>();
    const line = new vscode.EventEmitter<string>();
    const lines: string[] = [];
    const live = followCapture(
      capture.file,
      (l) => {
        lines.push(l);
        if (lines.length > LINES_KEPT) lines.splice(0, lines.length - LINES_KEPT);
        write.fire(`${l}\r\n`);
        line.fire(l);
      },
      { tshark: onPath('tshark') },
    );
    const stop = async () => {
      this.open.delete(k);
      line.dispose();
      await capture.stop();
      await live.stop();
      this.log.info(`capture ${node}::${iface} stopped: ${live.frames} frame(s) in ${capture.file}`);
    };
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      open: () =>
        write.fire(`capturing ${node}::${iface} into ${capture.file} (${live.decoder} decode; close to stop)\r\n`),
      close: () => void stop(),
    };
    const terminal = vscode.window.createTerminal({
      name: `Capture ${node}::${iface}`,
      pty,
      iconPath: new vscode.ThemeIcon('pulse'),
    });
    const session = { capture, live, terminal, lines, onLine: line.event };
    this.open.set(k, session);
    terminal.show();
    const wireshark = onPath('wireshark');
    if (wireshark)
      void vscode.window.showInformationMessage(`Capturing ${node}::${iface}`, 'Open in Wireshark').then((pick) => {
        // the file as captured so far, in Wireshark's own window (it reloads on demand)
        if (pick) execa(wireshark, ['-r', capture.file], { detached: true, stdio: 'ignore', reject: false }).unref();
      });
    return session;
  }

  dispose(): void {
    for (const s of this.open.values()) s.terminal.dispose();
    this.open.clear();
  }
}
