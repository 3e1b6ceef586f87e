// How a node state looks: icon, colour and words, after kraft's palette (running green, paused
// yellow, failed red, stopped grey, busy blue).
import * as vscode from 'vscode';
import { type NodeState } from '../../../engine/src/index';

const LOOK: Record<string, [string, string | undefined, string]> = {
  running: ['vm-running', 'charts.green', 'running'],
  paused: ['debug-pause', 'charts.yellow', 'paused'],
  pmsuspended: ['debug-pause', 'charts.yellow', 'suspended'],
  'shut off': ['vm-outline', 'disabledForeground', 'stopped'],
  crashed: ['error', 'charts.red', 'crashed'],
  'in shutdown': ['loading~spin', 'charts.blue', 'shutting down'],
  blocked: ['warning', 'charts.yellow', 'blocked'],
  idle: ['vm-running', 'charts.green', 'idle'],
  missing: ['question', 'disabledForeground', 'missing'],
  unknown: ['question', 'disabledForeground', 'unknown'],
};

export function stateIcon(state: NodeState | 'busy'): vscode.ThemeIcon {
  if (state === 'busy') return new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.blue'));
  const [icon, color] = LOOK[state] ?? LOOK.unknown;
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export function stateWord(state: NodeState): string {
  return (LOOK[state] ?? LOOK.unknown)[2];
}
