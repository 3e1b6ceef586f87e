// Names `up` would refuse are errors here, in the resolver's words (../names.ts, which ../resolve.ts uses): a node
// name that cannot become a domain or file name, a version that cannot be a folder name. These hold
// whatever the image store holds.
import { nodeNameProblem, versionProblem } from '../names';
import { str } from '../view';
import type { RuleContext } from './context';

export function checkNames(ctx: RuleContext): void {
  for (const node of ctx.view.nodes) {
    // container nodes run on Docker in Sherpa, never as a domain here: their names are Sherpa's business
    if (!node.modelInfo || node.modelInfo.kind === 'container') continue;
    // the check the resolver makes (common/manifest/names.ts), without resolving the image: it is cheap
    const nameProblem = node.name && nodeNameProblem(node.name.value);
    if (node.name && nameProblem) ctx.out.error(node.name, 'unusable-node-name', nameProblem);
    const version = str(node.table, 'version');
    const bad = version && versionProblem(version.value);
    if (version && bad) ctx.out.error(version, 'unusable-version', bad);
  }
}
