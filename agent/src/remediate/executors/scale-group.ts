import type Docker from 'dockerode'
import { findContainers, type ContainerRef } from '../containers'
import type { ContainerSelector } from '@smartcloudops/shared'
import type { GroupPolicy } from '../policy'
import { abortedResult, dockerFailure, failed } from '../result'
import type { ExecContext, ExecResult } from '../types'
import { callScalingWebhook } from './scale-webhook'

export interface Replicas {
  /** Running replicas, newest first: what the bounds count and what scale_down removes first. */
  running: ContainerRef[]
  /** Every container of the group in any state, newest first (names and the clone template). */
  all: ContainerRef[]
}

const suffix = (group: string, name: string): number => {
  const m = new RegExp(`^${group.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}-([0-9]+)$`).exec(name)
  return m ? Number(m[1]) : -1
}

/** Newest first; the engine's Created has one-second resolution, so ties fall back to the `<group>-<n>` number. */
function newestFirst(group: string) {
  return (a: ContainerRef, b: ContainerRef) =>
    b.created - a.created || suffix(group, b.name) - suffix(group, a.name) || b.name.localeCompare(a.name)
}

export async function listReplicas(docker: Docker, groupName: string, selector: ContainerSelector, signal: AbortSignal): Promise<Replicas> {
  const all = (await findContainers(docker, selector, { all: true, signal })).sort(newestFirst(groupName))
  return { all, running: all.filter((c) => c.state === 'running') }
}

/**
 * What scale_up and scale_down both start with: the group from local policy, then either its
 * webhook's answer (the whole action) or its replicas as the engine has them now. `done` is set
 * when the action is over before it began (unknown group, webhook called, engine error, aborted).
 */
export async function openGroup(
  ctx: ExecContext,
  action: 'scale_up' | 'scale_down',
  params: { group: string; step?: number },
  signal: AbortSignal,
): Promise<{ done: ExecResult } | { done?: undefined; group: GroupPolicy; replicas: Replicas }> {
  if (signal.aborted) return { done: abortedResult(signal) }
  const group = ctx.policy.groups?.[params.group]
  if (!group) return { done: failed('no_target', `group "${params.group}" is not defined in local policy`, false) }
  if (group.webhook) return { done: await callScalingWebhook(params.group, { ...group, webhook: group.webhook }, action, params.step ?? 1, signal) }
  if (!group.selector) return { done: failed('no_target', `group "${params.group}" has neither selector nor webhook`, false) }
  try {
    return { group, replicas: await listReplicas(ctx.docker, params.group, group.selector, signal) }
  } catch (err) {
    return { done: signal.aborted ? abortedResult(signal) : dockerFailure(err, 'listing replicas') }
  }
}

/** The next free `<group>-<n>` among the group's containers (the engine still refuses a clash with others). */
export function nextReplicaName(groupName: string, existing: readonly ContainerRef[], taken: ReadonlySet<string>): string {
  let n = Math.max(0, ...existing.map((c) => suffix(groupName, c.name))) + 1
  while (taken.has(`${groupName}-${n}`)) n++
  return `${groupName}-${n}`
}

/**
 * A create request that reproduces `info`: same image (by ID, so the replica runs the same bits),
 * command, environment, labels and host config. Hostname is left to the engine so replicas differ.
 */
export function cloneSpec(info: Docker.ContainerInspectInfo, name: string): Docker.ContainerCreateOptions {
  const c = info.Config
  return {
    name,
    Image: info.Image,
    Cmd: c.Cmd,
    Entrypoint: c.Entrypoint as string[] | undefined,
    Env: c.Env,
    Labels: { ...c.Labels, 'scops.replica-of': info.Name.replace(/^\//, '') },
    WorkingDir: c.WorkingDir,
    User: c.User,
    ExposedPorts: c.ExposedPorts,
    Healthcheck: (c as { Healthcheck?: Docker.ContainerCreateOptions['Healthcheck'] }).Healthcheck,
    StopSignal: (c as { StopSignal?: string }).StopSignal,
    Volumes: c.Volumes,
    Tty: c.Tty,
    OpenStdin: c.OpenStdin,
    HostConfig: info.HostConfig as Docker.HostConfig,
  }
}
