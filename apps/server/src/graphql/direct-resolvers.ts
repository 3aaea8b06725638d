import { GraphQLObjectType, GraphQLScalarType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql calls every @FieldResolver through a generic wrapper that, per call, sorts and
 * maps the decorated parameters, runs the middleware chain and checks for promises. On an
 * article page that is a few thousand calls. A field resolver that takes only @Root(), @Ctx()
 * and @Info() (and the arguments below) and has no middleware and no @Authorized roles needs none of that: its schema
 * field gets a resolver that calls the method directly, with the same arguments in the same
 * order; so does one whose arguments are scalars, enums or an @ArgsType of plain fields. Every other resolver keeps type-graphql's wrapper.
 * Returns how many fields were switched.
 */
export function useDirectFieldResolvers(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  const typeNames = new Map<unknown, string>();
  for (const t of storage.objectTypes) typeNames.set(t.target, t.name);
  const instances = new Map<Function, Record<string, unknown>>();
  let switched = 0;
  for (const fr of storage.fieldResolvers) {
    // roles: [] is @Authorized() without roles (signed in), still a check
    if (fr.kind !== 'external' || fr.middlewares?.length || fr.roles !== undefined) continue;
    const params = [...(fr.params ?? [])].sort((a, b) => a.index - b.index);
    // 0 root, 1 context, 2 info, 3 all arguments (an @ArgsType), or an argument's name
    const slots: Array<number | string> = [];
    for (const p of params) {
      if (p.kind === 'root' && !p.propertyName && !p.getType) slots.push(0);
      else if (p.kind === 'context' && !p.propertyName) slots.push(1);
      else if (p.kind === 'info') slots.push(2);
      // with validation off type-graphql only copies the values into an instance of the
      // @ArgsType class (plain fields here); input object classes keep the wrapper
      else if (p.kind === 'args') slots.push(3);
      else if (p.kind === 'arg' && isLeafType(p.getType())) slots.push(p.name);
      else break;
    }
    if (slots.length !== params.length || params.some((p, i) => p.index !== i)) continue;
    const objectType = fr.getObjectType?.() ?? fr.resolverClassMetadata?.getObjectType();
    const typeName = typeNames.get(objectType);
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields()[fr.schemaName];
    if (!field) continue;
    let instance = instances.get(fr.target);
    if (!instance) instances.set(fr.target, (instance = new (fr.target as new () => Record<string, unknown>)()));
    const method = instance[fr.methodName] as (...args: unknown[]) => unknown;
    const self = instance;
    const resolve: GraphQLFieldResolver<unknown, unknown> =
      slots.length === 0
        ? () => method.call(self)
        : slots.length === 1 && slots[0] === 0
          ? (root) => method.call(self, root)
          : slots.length === 2 && slots[0] === 0 && slots[1] === 1
            ? (root, _args, ctx) => method.call(self, root, ctx)
            : (root, args, ctx, info) => {
                const all = [root, ctx, info, args];
                return method.apply(
                  self,
                  slots.map((s) => (typeof s === 'number' ? all[s] : (args as Record<string, unknown>)[s])),
                );
              };
    field.resolve = resolve;
    switched++;
  }
  return switched;
}

/** Scalars and enums: type-graphql passes their values through unchanged (validation is off). */
function isLeafType(t: unknown): boolean {
  if (t === String || t === Number || t === Boolean) return true;
  if (t instanceof GraphQLScalarType) return true;
  // a registered enum is a plain object of values; classes (input types) are functions
  return typeof t === 'object' && t !== null && !Array.isArray(t);
}
