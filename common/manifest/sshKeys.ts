// OpenSSH public keys as the manifest and key files hold them: `<type> <base64> [comment]`.
const KEY_LINE =
  /^\s*(ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-[a-z0-9@.-]+)\s+(AAAA[A-Za-z0-9+/]*={0,2})(?:\s|$)/;

/** the `<type> <base64>` part of an OpenSSH public key line (the comment dropped), or undefined. Every key
 *  blob begins with the 4-byte length of its type name: `AAAA` in base64 */
export function publicKeyOf(line: string): string | undefined {
  const m = KEY_LINE.exec(line);
  return m ? `${m[1]} ${m[2]}` : undefined;
}
