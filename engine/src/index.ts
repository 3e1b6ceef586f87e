// The engine's front door: everything the extension and the CLI may use. Nothing outside engine/src
// imports another engine module (npm run lint checks it), so the engine's insides can change freely.
export { LabEngine, labIdOf, type SshTarget } from './lab/engine';
export { LabBusyError, LabError } from './lab/errors';
export type { ConsoleAccess, EngineSettings, ProgressFn } from './lab/context';
export type { UpOptions, UpResult } from './lab/up';
export type { RemoveResult } from './lab/remove';
export { labState, type DomainInfo, type LabInfo, type NodeState } from './lab/discovery';
export { LabWatcher, type Backend, type LabSnapshot } from './lab/watch';
export type { DomainTypeSetting } from './lab/hostFacts';
export { defaultLabsDir, defaultSettings, defaultUri, expandPath } from './lab/settings';
export { isLocalUri, uriRunsPrograms } from './libvirt/virsh';
export type { DomainEvent } from './libvirt/events';
export { ConsoleSession, type ConsoleOptions } from './console/session';
export {
  consoleEndpoint,
  describeConsole,
  nodeAddress,
  type ConsoleEndpoint,
  type DomainMetadata,
} from './plan/metadata';
export { serialLogPath, splitDomainName } from './plan/names';
export { CONSOLE_PORT } from './plan/ports';
export type { LabPlan, NetworkMode, ProvisionPlan } from './plan/types';
export type { ImpairedLink, RelayStatus } from './lab/linkImpair';
export {
  describeImpairment,
  IMPAIRMENT_WORDS,
  NO_IMPAIRMENT,
  toImpairment,
  type Impairment,
} from '../../common/manifest/impairment';
export type { Capture } from './lab/capture';
export { PcapReader, recordLine, summarizeFrame, type PcapRecord } from './capture/pcap';
export { followCapture, onPath, type LiveDecode } from './capture/live';
