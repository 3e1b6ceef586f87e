import type { LabPlan, NetworkPlan, NodePlan, VolumePlan } from './types';
export declare function domainXml(lab: LabPlan, node: NodePlan): string;
/** a bridge: an L2-only network (no host address, so the host takes no part); nat: Sherpa's management network */
export declare function networkXml(net: NetworkPlan): string;
export declare function poolXml(lab: LabPlan): string;
export declare function volumeXml(v: VolumePlan): string;
