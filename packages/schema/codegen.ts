import type { CodegenConfig } from '@graphql-codegen/cli';

/** Reads the checked-in schema.graphql (never a live URL) and every operation in operations/. */
const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['./operations/**/*.graphql'],
  generates: {
    './src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', ID: 'string' },
        dedupeFragments: true,
        skipTypename: false,
      },
    },
  },
  ignoreNoDocuments: false,
};
export default config;
