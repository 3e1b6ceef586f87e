// Sherpa's one login on every node (provisioning.md §1): user `sherpa`, its password and sudo. The
// password is Sherpa's published default, not a secret: labs are local and throwaway.
export const SHERPA_USER = 'sherpa';
export const SHERPA_PASSWORD = 'Everest1953!';
export const SHERPA_DOMAIN = 'sherpa.lab.local';
/** Sherpa's key pair, shared when this host also runs Sherpa */
export const SHERPA_KEY_PATH = '/opt/sherpa/ssh/sherpa_ssh_key';

const KEY_LINE =
  /^\s*(ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-[a-z0-9@.-]+)\s+(AAAA[A-Za-z0-9+/]*={0,2})(?:\s|$)/;

/** the `<alg> <base64>` part of an OpenSSH public key line (the comment dropped), or undefined */
export function publicKeyOf(line: string): string | undefined {
  // every key blob begins with the 4-byte length of its type name: `AAAA` in base64
  const m = KEY_LINE.exec(line);
  return m ? `${m[1]} ${m[2]}` : undefined;
}
