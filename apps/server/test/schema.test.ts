import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printCurrentSchema, SCHEMA_PATH } from '../scripts/emit-schema.js';

describe('packages/schema/schema.graphql', () => {
  it('matches the schema the server builds (run `npm run emit-schema` after changing it)', async () => {
    expect(fs.readFileSync(SCHEMA_PATH, 'utf8')).toBe(await printCurrentSchema());
  });

  it('describes every type, field, argument and enum value', async () => {
    const { buildSchema } = await import('../src/modules/schema.js');
    const schema = await buildSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if ('getValues' in type) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
