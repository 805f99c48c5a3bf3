/** Why an upgrade was not installed; every code means nothing on the host was changed. */
export class UpgradeError extends Error {
  constructor(
    readonly code: 'policy' | 'unsigned' | 'bad_signature' | 'checksum_mismatch' | 'bad_release' | 'not_installed_from_release' | 'download_failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
