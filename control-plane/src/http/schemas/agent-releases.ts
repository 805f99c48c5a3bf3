import Type from 'typebox'
import { component, Iso, IsoOrNull, Labels, Nullable, ref } from './component'

export const AgentRelease = component(
  'AgentRelease',
  Type.Object({
    version: Type.String(),
    sha256: Type.String(),
    size: Type.Integer(),
    arch: Type.String(),
    /** The Node.js inside, or null for a release that runs on the host's node. */
    node: Nullable(Type.String()),
    files: Type.Integer(),
    signed: Type.Boolean(),
    uploaded_by: Type.String(),
    created_at: Iso,
    url: Type.String(),
  }),
)
export const AgentReleaseAssignment = component(
  'AgentReleaseAssignment',
  Type.Object({
    id: Type.String(),
    scope: Type.String(),
    selector: Labels,
    version: Type.String(),
    author: Type.String(),
    created_at: Iso,
    cleared_at: IsoOrNull,
    cleared_by: Nullable(Type.String()),
  }),
)
export const AgentReleaseList = component('AgentReleaseList', Type.Object({ releases: Type.Array(ref(AgentRelease)), assignments: Type.Array(ref(AgentReleaseAssignment)) }))
export const AgentReleaseDetail = component(
  'AgentReleaseDetail',
  Type.Object({ ...AgentRelease.properties, assignments: Type.Array(ref(AgentReleaseAssignment)), hosts_running: Type.Integer() }),
)
export const AgentReleaseActivation = component(
  'AgentReleaseActivation',
  Type.Object({ assignment: ref(AgentReleaseAssignment), changed: Type.Boolean(), previous_version: Type.Optional(Nullable(Type.String())), target: Type.String() }),
)
export const AgentReleaseRollback = component(
  'AgentReleaseRollback',
  Type.Object({ cleared: ref(AgentReleaseAssignment), current: Nullable(ref(AgentReleaseAssignment)), target: Type.String() }),
)
export const AgentUpgradeOutcome = component(
  'AgentUpgradeOutcome',
  Type.Object({ from_version: Type.String(), to_version: Type.String(), outcome: Type.String(), error: Nullable(Type.String()), at: Iso }),
)
export const HostAgentVersion = component(
  'HostAgentVersion',
  Type.Object({
    host_id: Type.String(),
    hostname: Type.String(),
    /** What the agent said in its last hello. */
    running_version: Nullable(Type.String()),
    /** What its assignment says it should run; null = no assignment (it keeps what it runs). */
    target_version: Nullable(Type.String()),
    last_upgrade: Nullable(ref(AgentUpgradeOutcome)),
  }),
)
export const AgentVersionList = component('AgentVersionList', Type.Object({ hosts: Type.Array(ref(HostAgentVersion)) }))
