import type { AgentReleaseRef } from '@smartcloudops/shared'
import type { ActiveReleaseAssignment } from '../db/queries/agent-releases'
import { mostSpecific } from './model-assignment'
import type { Labels } from './selector'

/** Where agents download a release's tarball (with their credential). */
export function releaseUrl(version: string): string {
  return `/api/v1/agents/releases/${encodeURIComponent(version)}`
}

/** The agent version a host should run, staged like models: host > group > fleet. Undefined = whatever it runs. */
export function effectiveRelease(assignments: readonly ActiveReleaseAssignment[], host: { id: string; labels: Labels }): AgentReleaseRef | undefined {
  const a = mostSpecific(assignments, host)
  return a && { version: a.releaseVersion, sha256: a.sha256, size: a.size, url: releaseUrl(a.releaseVersion), ...(a.signature ? { signature: a.signature } : {}) }
}
