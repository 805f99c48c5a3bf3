import Type, { type Static } from 'typebox'
import { literalUnion } from '../literal-union'
import { Timestamp } from './envelope'
import { textLimits as T } from './limits'

// Agent upgrades from the control plane (appended 2026-12-01). Payload schemas only.

/** An agent version string: what `pnpm release` puts in manifest.json and the agent reports in hello. */
export const AgentVersion = Type.String({ minLength: 1, maxLength: T.agentVersion, pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]*$' })
export type AgentVersion = Static<typeof AgentVersion>

/** Largest release tarball anything accepts (the control plane's own limit may be lower). */
export const MAX_RELEASE_BYTES = 256 * 1024 * 1024

/**
 * Control plane → agent, optional field `agent_release` of `desired_state`: the version this host
 * should run and where to download it with its credential. Sent only to agents whose hello lists
 * `desired_state.agent_release` in `accepts`. Absent = run what is installed.
 */
export const AgentReleaseRef = Type.Object(
  {
    version: AgentVersion,
    /** sha256 of the tarball as uploaded. */
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    size: Type.Integer({ minimum: 1, maximum: MAX_RELEASE_BYTES }),
    /** Path on the control plane to download the tarball from, with the agent's credential. */
    url: Type.String({ minLength: 1, maxLength: 1000 }),
    /** Detached ed25519 signature of the tarball, base64 (when the release was uploaded signed). */
    signature: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9+/]+={0,2}$' })),
  },
  { additionalProperties: false },
)
export type AgentReleaseRef = Static<typeof AgentReleaseRef>

/** What an agent lists in hello.accepts to receive `desired_state.agent_release`. */
export const ACCEPTS_AGENT_RELEASE = 'desired_state.agent_release'

export const upgradeOutcomes = ['succeeded', 'rolled_back', 'refused', 'failed'] as const
export type UpgradeOutcome = (typeof upgradeOutcomes)[number]

/**
 * Agent → control plane, type `agent.upgrade`: how an upgrade attempt ended, written to the outbox
 * (delivered at least once, stored once by envelope id). `succeeded`: the new version connected
 * within the bound; `rolled_back`: it did not, and the previous version was restored; `refused`: the
 * agent would not install it (local policy, signature, checksum, manifest) — nothing was changed;
 * `failed`: downloading or unpacking failed — nothing was changed.
 */
export const AgentUpgradeReport = Type.Object(
  {
    from_version: AgentVersion,
    to_version: AgentVersion,
    outcome: literalUnion(upgradeOutcomes),
    error: Type.Optional(Type.String({ maxLength: T.errorMessage })),
    at: Timestamp,
  },
  { additionalProperties: false },
)
export type AgentUpgradeReport = Static<typeof AgentUpgradeReport>
