import Type, { type TLiteral, type TUnion } from 'typebox'

/**
 * `Type.Union(values.map(Type.Literal))` with its static type intact. Mapping a `readonly [...]`
 * tuple through `.map` yields an array, and TypeBox's `Static` of a union over an array of literals
 * is `never`: every schema embedding it (Condition.operator, ActionSpec.type) would type as never.
 * The runtime schema is exactly the same `anyOf` of `const`s.
 */
export function literalUnion<const T extends readonly string[]>(values: T): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>
}
