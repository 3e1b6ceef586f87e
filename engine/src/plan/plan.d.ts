import { type ImageIndex } from '../../../common/images/index';
import type { Problem } from '../../../common/manifest/problem';
import { type ManifestView } from '../../../common/manifest/view';
import type { NodePlan, PlanResult, PlanSettings } from './types';
export interface PlanInput {
  view: ManifestView;
  problems: Problem[];
  manifestPath: string;
  images: ImageIndex;
  settings: PlanSettings;
  /** the loopback /24 this lab gets (127.127.<n>.0/24) */
  loopbackN: number;
}
export declare function buildPlan(input: PlanInput): PlanResult;
/** Sherpa's CPU strings: `host-model` (also when unset), else `<model>+<feature>+…` */
export declare function cpuOf(cpu: string | undefined): NodePlan['cpu'];
/** the catalog's machine; a versioned one (`pc-i440fx-8.0`) the host's QEMU lacks runs as its family's newest */
export declare function machineFor(wanted: string | undefined, offered: string[] | undefined): string;
