// Serial consoles in integrated terminals: one terminal per lab + node (reused), a Pseudoterminal
// over the engine's ConsoleSession (built-in telnet, boot output replayed from the log, then live),
// reconnecting when the node starts again, saying so when it is not running.
import * as vscode from 'vscode';
import { consoleEndpoint, ConsoleSession } from '../../../engine/src/index';
import type { LabService } from '../labs/labService';

const key = (lab: string, node: string) => `${lab}/${node}`;

export class ConsoleTerminals implements vscode.Disposable {
  private readonly open = new Map<string, { terminal: vscode.Terminal; session: ConsoleSession; text: string[] }>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly wrote = new vscode.EventEmitter<{ lab: string; node: string }>();
  /** a console terminal showed more output */
  readonly onDidOutput = this.wrote.event;

  constructor(private readonly service: LabService) {
    this.subs.push(
      vscode.window.onDidCloseTerminal((t) => {
        for (const [k, v] of this.open)
          if (v.terminal === t) {
            v.session.dispose();
            this.open.delete(k);
          }
      }),
      service.onNodeStarted(({ lab, node }) => this.open.get(key(lab, node))?.session.reconnect()),
    );
  }

  show(lab: string, node: string, preserveFocus = false): vscode.Terminal {
    const existing = this.open.get(key(lab, node));
    if (existing) {
      existing.terminal.show(preserveFocus);
      return existing.terminal;
    }
    const d = this.service.domain(lab, node);
    if (!d) throw new Error(`no node '${node}' in lab ${lab}`);
    const write = new vscode.EventEmitter<string>();
    const text: string[] = [];
    write.event((t) => {
      text.push(t);
      if (text.length > 4096) text.splice(0, 2048);
      this.wrote.fire({ lab, node });
    });
    const local = this.service.engine.local;
    const session = new ConsoleSession({
      endpoint: consoleEndpoint(d.meta),
      logPath: local ? d.meta.log : undefined,
      // the guest writes \r\n; a bare \n from a log would stair-step in the terminal
      onOutput: (b) => write.fire(b.toString('utf8').replace(/(?<!\r)\n/g, '\r\n')),
      onStatus: (s, detail) => {
        if (s === 'disconnected')
          write.fire(`\r\n\x1b[2m[${node} stopped; this console reconnects when it starts]\x1b[0m\r\n`);
        if (s === 'connected' && d.state !== 'running')
          write.fire(`\r\n\x1b[2m[connected to ${detail ?? node}]\x1b[0m\r\n`);
      },
    });
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      open: () => {
        if (d.state !== 'running')
          write.fire(
            `\x1b[2m[${node} is ${d.state}: showing its saved output; the console connects when it starts]\x1b[0m\r\n`,
          );
        session.start();
      },
      close: () => session.dispose(),
      handleInput: (data) => {
        if (!session.write(data)) write.fire('\x07');
      },
    };
    const terminal = vscode.window.createTerminal({
      name: `${node} (${d.meta.labName})`,
      pty,
      iconPath: new vscode.ThemeIcon('terminal'),
      isTransient: true,
    });
    this.open.set(key(lab, node), { terminal, session, text });
    terminal.show(preserveFocus);
    return terminal;
  }

  /** what the console terminal of a node has shown so far (the last few thousand writes) */
  output(lab: string, node: string): string {
    return this.open.get(key(lab, node))?.text.join('') ?? '';
  }

  dispose(): void {
    for (const v of this.open.values()) {
      v.session.dispose();
      v.terminal.dispose();
    }
    for (const s of this.subs) s.dispose();
    this.wrote.dispose();
  }
}
