// Names `up` would refuse are errors here, in the engine's words (common/manifest/names.ts): a node
// name that cannot become a domain or file name, a version that cannot be a folder name.
import { nodeNameProblem, versionProblem } from '../names';
import { str } from '../view';
import type { RuleContext } from './context';

export function checkNames(ctx: RuleContext): void {
  for (const node of ctx.view.nodes) {
    const m = node.modelInfo;
    // container nodes run on Docker in Sherpa, never as a domain here: their names are Sherpa's business
    if (!m || m.kind === 'container') continue;
    const name = node.name;
    const nameProblem = name && nodeNameProblem(name.value);
    if (name && nameProblem) ctx.out.error(name, 'unusable-node-name', nameProblem);
    const version = str(node.table, 'version');
    const versionIssue = version && versionProblem(version.value);
    if (version && versionIssue) ctx.out.error(version, 'unusable-version', versionIssue);
  }
}
