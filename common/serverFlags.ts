// How the language server's Node process is started: by the extension (client/src/language/languageClient.ts) and
// by the tests and benchmarks (test/helpers/lspClient.ts), so that what is measured is what users run.

/**
 * A young generation of up to 32 MiB per semi-space (Node's default is 16). V8 copies every object that survives
 * the young generation twice, and a syntax tree survives: a 10,000-node manifest's (12 MB) and the 30 MB its
 * analysis allocates took three or four young collections inside every didOpen, a third of its time. With 32 MiB
 * the 10,000-node didOpen went from 152 to 130-136 ms median (A/B in one run, both forms); 48 MiB gave 120-124 ms
 * but an RSS of 250-270 MiB after such manifests, above @taplo/lib's 260, so 32 it is (227-241 MiB; the default
 * gave 142-236, as its garbage happened to lie). V8 grows the young generation only while much survives: a
 * manifest of a few hundred nodes never makes it grow.
 *
 * --expose-gc gives the server V8's gc(), with which it moves a large manifest's tree out of the young generation
 * while it waits for input (server/src/idleWork.ts): the 30 MB a 10,000-node analysis allocates then fit in the
 * young generation, and the collection that copied the tree no longer falls inside the next analysis. The server
 * also turns V8's own young collection task off, at run time (a flag an older V8 does not know would stop Node here).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--expose-gc'];
