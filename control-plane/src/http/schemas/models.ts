import Type from 'typebox'
import { component, Iso, IsoOrNull, Json, Labels, Nullable, ref } from './component'

export const Model = component(
  'Model',
  Type.Object({ version: Type.String(), sha256: Type.String(), size: Type.Integer(), uploaded_by: Type.String(), created_at: Iso, url: Type.String(), meta: Json }),
)
export const ModelAssignment = component(
  'ModelAssignment',
  Type.Object({
    id: Type.String(),
    scope: Type.String(),
    selector: Labels,
    label_selector: Nullable(Type.String({ description: 'group: the selector in the Kubernetes grammar, canonical (POST it back as `selector` to name the same group); null for fleet and host. `selector` holds the equality labels ({} for a set-based selector)' })),
    model_version: Type.String(),
    author: Type.String(),
    created_at: Iso,
    cleared_at: IsoOrNull,
    cleared_by: Nullable(Type.String()),
  }),
)
export const ModelList = component('ModelList', Type.Object({ models: Type.Array(ref(Model)), assignments: Type.Array(ref(ModelAssignment)) }))
export const ModelDetail = component(
  'ModelDetail',
  Type.Object({ ...Model.properties, assignments: Type.Array(ref(ModelAssignment)), hosts_running: Type.Integer() }),
)
export const ModelActivation = component(
  'ModelActivation',
  Type.Object({ assignment: ref(ModelAssignment), changed: Type.Boolean(), previous_version: Type.Optional(Nullable(Type.String())), target: Type.String() }),
)
export const ModelRollback = component(
  'ModelRollback',
  Type.Object({ cleared: ref(ModelAssignment), current: Nullable(ref(ModelAssignment)), target: Type.String() }),
)
