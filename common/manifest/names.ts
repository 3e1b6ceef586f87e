// The names `up` can use: a node name becomes a domain, volume and file name, a version a folder
// name. One rule for the editor (errors) and the engine (refusals), in the engine's words.

/** Linux allows 255 bytes per file name; the longest suffix the engine adds to a node name is ~30 */
export const MAX_NODE_NAME = 63;

/** why a node name cannot become a domain or file name, or undefined when it can */
export function nodeNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') {
    return `node name '${name}' cannot become a domain or file name: use letters, digits, '-', '_' and '.'`;
  }
  if (name.startsWith('-')) return `node name '${name}' must not start with '-': it would read as an option`;
  if (name.length > MAX_NODE_NAME) {
    return (
      `node name '${name.slice(0, 16)}…' has ${name.length} characters: at most ${MAX_NODE_NAME} fit in domain ` +
      `and file names`
    );
  }
  return undefined;
}

/** why a version cannot name a folder of the image store, or undefined when it can */
export function versionProblem(version: string): string | undefined {
  if (version === '' || version === '.' || version === '..' || /[/\\\0]/.test(version) || version.length > 255) {
    return `version '${version}' cannot be a folder name of the image store`;
  }
  return undefined;
}
