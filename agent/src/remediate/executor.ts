import type Docker from 'dockerode'
import type { ActionType } from '@smartcloudops/shared'
import { checkPolicy, type LocalPolicy, type PolicyCheck } from './policy'
import type { ExecContext, ExecResult, Validation } from './types'

/** What `allowedBy` may look at beyond the policy file: the engine, to see what a selector matches. */
export interface PolicyContext {
  docker: Docker
  /** Bounded by the policy gate's timeout; a check that cannot finish in time must not hang the loop. */
  signal: AbortSignal
}

/**
 * One executor per action type (registry: ./executors/index.ts). Three steps, each its own method:
 * - `validate(params)`: parameter shapes only, without I/O, so it can run when a rule is saved;
 * - `allowedBy(policy, params, ctx?)`: whether this host's local policy allows this action on this
 *   target. The loop's policy gate asks it once per firing, before anything runs, and records a
 *   refusal as `suppressed_by: policy`. Without `ctx` it answers from the policy file alone;
 * - `execute(ctx, params, signal)`: never throws; honours `signal` (timeout and cancellation).
 */
export interface Executor<P = unknown> {
  type: ActionType
  validate(params: unknown): Validation<P>
  allowedBy(policy: LocalPolicy, params: P, ctx?: PolicyContext): PolicyCheck | Promise<PolicyCheck>
  execute(ctx: ExecContext, params: P, signal: AbortSignal): Promise<ExecResult>
}

/** `allowedBy` for actions whose permission the policy file alone decides (./policy.ts, checkPolicy). */
export function allowListed(type: ActionType): (policy: LocalPolicy, params: unknown) => PolicyCheck {
  return (policy, params) => checkPolicy(policy, { type, params: params as Record<string, unknown> })
}

export type { ExecContext, ExecResult } from './types'
