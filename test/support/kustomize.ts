import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseAllDocuments } from 'yaml'

/**
 * Renders a kustomize base the way `kustomize build` does, for the fields our base uses — and
 * refuses any other field, so nothing in a kustomization.yaml is silently ignored here (there is
 * no kustomize or kubectl binary on this machine). Supported: resources (files), namespace,
 * labels (pairs, includeSelectors, includeTemplates), commonLabels, images (newName, newTag, digest).
 */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown }

const supported = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'commonLabels', 'images'])
/** Kinds that live outside namespaces (the ones a base like ours could contain). */
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'CustomResourceDefinition', 'PersistentVolume'])

interface Kustomization {
  apiVersion?: string
  kind?: string
  resources?: string[]
  namespace?: string
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>
  commonLabels?: Record<string, string>
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>
}

function parseYaml(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${path}: ${d.errors[0]!.message}`)
    return d.toJS()
  }).filter((d) => d !== null)
}

type PodSpecHolder = { spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> } }; selector?: { matchLabels?: Record<string, string> } } }

function addLabels(obj: K8sObject, pairs: Record<string, string>, selectors: boolean, templates: boolean): void {
  obj.metadata.labels = { ...obj.metadata.labels, ...pairs }
  const spec = (obj as PodSpecHolder).spec
  if ((templates || selectors) && spec?.template) spec.template.metadata = { ...spec.template.metadata, labels: { ...spec.template.metadata?.labels, ...pairs } }
  if (selectors && spec?.selector) spec.selector.matchLabels = { ...spec.selector.matchLabels, ...pairs }
  if (selectors && obj.kind === 'Service') {
    const s = (obj as { spec?: { selector?: Record<string, string> } }).spec
    if (s) s.selector = { ...s.selector, ...pairs }
  }
}

function setImages(obj: K8sObject, images: NonNullable<Kustomization['images']>): void {
  const pod = (obj as PodSpecHolder).spec?.template?.spec
  for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
    if (!c.image) continue
    const name = c.image.replace(/@.*$/, '').replace(/:[^/:]+$/, '')
    const rule = images.find((i) => i.name === name)
    if (!rule) continue
    const base = rule.newName ?? name
    c.image = rule.digest ? `${base}@${rule.digest}` : `${base}:${rule.newTag ?? 'latest'}`
  }
}

export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml')
  const [k] = parseYaml(file) as [Kustomization]
  const unknown = Object.keys(k).filter((key) => !supported.has(key))
  if (unknown.length) throw new Error(`${file}: fields this renderer does not implement: ${unknown.join(', ')}`)
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') throw new Error(`${file}: not a kustomize.config.k8s.io/v1beta1 Kustomization`)
  const objects: K8sObject[] = []
  for (const res of k.resources ?? []) {
    for (const doc of parseYaml(join(dir, res))) {
      const obj = doc as K8sObject
      if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) throw new Error(`${res}: a document without apiVersion, kind or metadata.name`)
      objects.push(obj)
    }
  }
  const seen = new Set<string>()
  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata.name}`
    if (seen.has(id)) throw new Error(`${dirname(file)}: ${id} is defined twice`)
    seen.add(id)
    if (k.namespace && !clusterScoped.has(obj.kind)) obj.metadata.namespace = k.namespace
    if (k.commonLabels) addLabels(obj, k.commonLabels, true, true)
    for (const l of k.labels ?? []) addLabels(obj, l.pairs, l.includeSelectors ?? false, l.includeTemplates ?? false)
    if (k.images) setImages(obj, k.images)
  }
  return objects
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model takes its own typed spec; the object here is untyped YAML
type ModelClass = new (data: any) => { validate(): void }

/** The kinds a SmartCloudOps manifest may use, each with its kubernetes-models class (static imports, so the bundler sees them). */
const models: Record<string, () => Promise<ModelClass>> = {
  'v1/Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1/Secret': async () => (await import('kubernetes-models/v1/Secret')).Secret,
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'apps/v1/DaemonSet': async () => (await import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet,
  'policy/v1/PodDisruptionBudget': async () => (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
}

/** Validates one object against the Kubernetes API schema of its apiVersion/kind (kubernetes-models). */
export async function validateK8sObject(obj: K8sObject): Promise<void> {
  const load = models[`${obj.apiVersion}/${obj.kind}`]
  if (!load) throw new Error(`${obj.kind}/${obj.metadata.name}: no Kubernetes schema loaded for ${obj.apiVersion} ${obj.kind} (add it to test/support/kustomize.ts)`)
  const Model = await load()
  try {
    new Model(obj).validate()
  } catch (error) {
    throw new Error(`${obj.kind}/${obj.metadata.name}: ${(error as Error).message}`)
  }
}
