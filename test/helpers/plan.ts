// The plan settings unit tests start from: a local qemu:///system connection, software emulation.
import type { ImageIndex } from '../../common/images/index';
import { validateManifest } from '../../common/manifest/validate';
import { buildPlan, type PlanInput } from '../../engine/src/plan/plan';
import type { PlanSettings } from '../../engine/src/plan/types';

export const PLAN_SETTINGS: PlanSettings = {
  uri: 'qemu:///system',
  local: true,
  user: 'sherpa',
  domainType: 'qemu',
  labsDir: '/labs',
};

/** a manifest's plan as `up` would make it: validation, then the plan, from `/w/manifest.toml` */
export function planFor(text: string, images: ImageIndex, settings: PlanSettings, extra: Partial<PlanInput> = {}) {
  const v = validateManifest(text, images);
  return buildPlan({
    view: v.view,
    problems: v.problems,
    manifestPath: '/w/manifest.toml',
    images,
    settings,
    loopbackN: 1,
    ...extra,
  });
}
