import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** ../shared/data beside the repository (CI lays a copy of shared/ next to the clone). */
export const sharedDataDir = fileURLToPath(new URL('../../../../shared/data', import.meta.url))

export function sharedDataAvailable(): boolean {
  return existsSync(sharedDataDir)
}
