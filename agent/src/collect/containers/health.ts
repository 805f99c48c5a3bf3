import type Docker from 'dockerode'

/** Exit codes of a container that was told to stop (SIGTERM / SIGKILL after the grace period, Ctrl-C). */
const STOPPED_ON_PURPOSE = new Set([0, 130, 137, 143])

/**
 * "Unhealthy or exited unexpectedly": failing healthcheck, restarting, dead, OOM-killed, or exited
 * with a code other than a requested stop's. The engine does not say whether a person stopped a
 * container, so a crash that happens to exit 137/143 is not counted.
 */
export function isUnhealthy(s: Docker.ContainerInspectInfo['State']): boolean {
  if (s.Health?.Status === 'unhealthy' || s.Restarting || s.Dead || s.OOMKilled) return true
  return s.Status === 'exited' && !STOPPED_ON_PURPOSE.has(s.ExitCode)
}
