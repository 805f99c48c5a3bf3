import { type Document, LineCounter, isNode, parseDocument, stringify } from 'yaml'
import type { Rule } from './schema'
import { checkRuleset } from './validate'
import { type PathedError, type Segment, formatPath, isPlainObject, show } from './validate-util'

/**
 * Rules files as kept in git: YAML or JSON, the same schema as the API. A file is a list of rules
 * or `{rules: [...]}`. Every error names its path and, when the text has it, its line.
 */

export type RulesFormat = 'yaml' | 'json'

export interface RuleFileError {
  path: string
  message: string
  /** 1-based line in the text, when known. */
  line?: number
}

export type ParseRulesResult = { ok: true; rules: Rule[] } | { ok: false; errors: RuleFileError[] }

/** Rule files are small; a multi-megabyte one is a mistake (or an attack on the parser). */
export const MAX_RULES_FILE_CHARS = 4 * 1024 * 1024

export function parseRules(text: string, opts: { format?: RulesFormat } = {}): ParseRulesResult {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: '', message: 'a rules file must be text' }] }
  if (text.length > MAX_RULES_FILE_CHARS) {
    return { ok: false, errors: [{ path: '', message: `rules file is longer than ${MAX_RULES_FILE_CHARS} characters` }] }
  }
  const lines = new LineCounter()
  // JSON is YAML 1.2, so one parser gives positions for both formats; JSON values still come from
  // JSON.parse so a .json file means exactly what JSON says.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  let value: unknown
  if (opts.format === 'json') {
    try {
      value = JSON.parse(text)
    } catch (err) {
      const first = doc.errors[0]
      const line = first ? lines.linePos(first.pos[0]).line : undefined
      return { ok: false, errors: [{ path: '', message: `invalid JSON: ${(err as Error).message}`, ...(line ? { line } : {}) }] }
    }
  } else {
    if (doc.errors.length > 0) {
      return {
        ok: false,
        errors: doc.errors.map((e) => {
          const line = lines.linePos(e.pos[0]).line
          return { path: '', message: `invalid YAML: ${firstLine(e.message)}`, ...(line ? { line } : {}) }
        }),
      }
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 })
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `invalid YAML: ${(err as Error).message}` }] }
    }
  }

  let list: unknown
  let prefix: Segment[]
  if (Array.isArray(value)) {
    list = value
    prefix = []
  } else if (isPlainObject(value) && Object.hasOwn(value, 'rules')) {
    const extra = Object.keys(value).filter((k) => k !== 'rules')
    if (extra.length > 0) {
      return {
        ok: false,
        errors: extra.map((k) => ({
          path: k,
          message: `unknown top-level field ${JSON.stringify(k)}: a rules file is a list of rules or {rules: [...]}`,
          ...lineOf(doc, lines, [k]),
        })),
      }
    }
    list = value.rules
    prefix = ['rules']
  } else {
    return { ok: false, errors: [{ path: '', message: `a rules file must be a list of rules or {rules: [...]}, got ${show(value)}` }] }
  }

  const errs: PathedError[] = []
  const rules = checkRuleset(list, errs)
  if (rules) return { ok: true, rules }
  return {
    ok: false,
    errors: errs.map((e) => {
      // checkRuleset paths start with 'rules'; in the document the list is at the root or at `rules`.
      const docPath = [...prefix, ...e.at.slice(1)]
      return { path: formatPath(e.at), message: e.message, ...lineOf(doc, lines, docPath) }
    }),
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s
}

/** The line of the deepest node that exists along `path` (a missing field points at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: Segment[]): { line?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    if (isNode(node) && node.range) return { line: lines.linePos(node.range[0]).line }
  }
  return {}
}

/** Write rules as `{rules: [...]}` in YAML (block style, for diffs in git) or JSON. */
export function serializeRules(rules: readonly Rule[], format: RulesFormat = 'yaml'): string {
  const body = { rules: rules.map((r) => structuredClone(r)) }
  if (format === 'json') return `${JSON.stringify(body, null, 2)}\n`
  return stringify(body, { lineWidth: 0, aliasDuplicateObjects: false })
}
