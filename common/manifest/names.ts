// The names `up` can use: a node name becomes a domain, volume and file name, a version a folder
// name. One rule for the editor (errors) and the engine (refusals), in the engine's words. A new lab's name
// (New Lab Manifest, `sherpa-lab new`) may name a folder, and follows the node names' rule.

/** Linux allows 255 bytes per file name; the longest suffix the engine adds to a node name is ~30 */
export const MAX_NODE_NAME = 63;

/** what keeps a name from becoming a file name as it is: characters outside letters, digits, '-', '_' and '.'
 *  (or `.`, `..`), a leading '-' (an option to the programs it is passed to), or more than MAX_NODE_NAME characters */
function fileNameFault(name: string): 'characters' | 'option' | 'length' | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') return 'characters';
  if (name.startsWith('-')) return 'option';
  return name.length > MAX_NODE_NAME ? 'length' : undefined;
}

/** why a node name cannot become a domain or file name, or undefined when it can */
export function nodeNameProblem(name: string): string | undefined {
  switch (fileNameFault(name)) {
    case 'characters':
      return `node name '${name}' cannot become a domain or file name: use letters, digits, '-', '_' and '.'`;
    case 'option':
      return `node name '${name}' must not start with '-': it would read as an option`;
    case 'length':
      return (
        `node name '${name.slice(0, 16)}…' has ${name.length} characters: at most ${MAX_NODE_NAME} fit in domain ` +
        `and file names`
      );
  }
  return undefined;
}

/** why a name cannot name a new lab (its folder too, when one is made for it: the node names' file name rule,
 *  and no leading '.', which would hide the folder), or undefined when it can */
export function labNameProblem(name: string): string | undefined {
  const fault = fileNameFault(name);
  if (fault === 'characters')
    return "a lab name here is letters, digits, '-', '_' and '.' (it may become a folder's name)";
  if (fault === 'option' || name.startsWith('.')) return "a lab name must not start with '-' or '.'";
  return fault === 'length' ? `at most ${MAX_NODE_NAME} characters` : undefined;
}

/** why a version cannot name a folder of the image store, or undefined when it can */
export function versionProblem(version: string): string | undefined {
  if (version === '' || version === '.' || version === '..' || /[/\\\0]/.test(version) || version.length > 255) {
    return `version '${version}' cannot be a folder name of the image store`;
  }
  return undefined;
}
