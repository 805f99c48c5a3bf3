import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { ReleaseError } from './read-release'

/** An ed25519 public key from PEM (`openssl pkey -in release.key -pubout`); throws naming the problem. */
export function releasePublicKey(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch (err) {
    throw new Error(`not a PEM public key: ${(err as Error).message}`, { cause: err })
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the release key must be ed25519, not ${key.asymmetricKeyType}`)
  return key
}

/**
 * Checks a detached ed25519 signature (base64) of the whole tarball. With a key configured a
 * release must carry one: `unsigned` when it has none, `bad_signature` when it does not verify.
 */
export function verifyReleaseSignature(tarball: Uint8Array, signatureB64: string | undefined | null, key: KeyObject): void {
  if (!signatureB64) throw new ReleaseError('unsigned', 'a release public key is configured, and this release carries no signature')
  const sig = Buffer.from(signatureB64, 'base64')
  if (sig.length !== 64 || !verify(null, tarball, key, sig)) throw new ReleaseError('bad_signature', 'the release signature does not verify against the configured public key')
}
