/** `$XDG_RUNTIME_DIR/sherpa-labs/<name>` (a per-user tmpfs) or `~/.local/state/sherpa-labs/<name>`, mode 0700 */
export declare function privateDir(name: string, env?: NodeJS.ProcessEnv): string;
