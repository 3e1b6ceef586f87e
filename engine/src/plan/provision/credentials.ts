// Sherpa's one login on every node (provisioning.md §1): user `sherpa`, its password and sudo. The
// password is Sherpa's published default, not a secret: labs are local and throwaway.
export const SHERPA_USER = 'sherpa';
export const SHERPA_PASSWORD = 'Everest1953!';
export const SHERPA_DOMAIN = 'sherpa.lab.local';
/** the password as SHA-256-crypt (PAN-OS `phash`) and SHA-512-crypt (Ignition `passwordHash`), made once with
 *  `openssl passwd -5|-6 -salt sherpalabs` (Sherpa keeps such constants too) */
export const SHERPA_PASSWORD_SHA256_CRYPT = '$5$sherpalabs$MTlX23US5YYUhuHnfYHm0v8BnOuZGsucCD4xIEEA5U6';
export const SHERPA_PASSWORD_SHA512_CRYPT =
  '$6$sherpalabs$ma9.GIAeGtQWnkXCftMMeWW/meXqolUBzAzQ6oWzJjm/Jt1oAYQ/sIe93LUoPyrW9cCiJ0sh28YhObnOTg9BX.';
/** Sherpa's key pair, shared when this host also runs Sherpa */
export const SHERPA_KEY_PATH = '/opt/sherpa/ssh/sherpa_ssh_key';

export { publicKeyOf } from '../../../../common/manifest/sshKeys';
